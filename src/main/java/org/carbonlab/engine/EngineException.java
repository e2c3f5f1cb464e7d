package org.carbonlab.engine;

/** What an engine cannot train, or cannot train on this machine; the message says what would work. */
public class EngineException extends org.carbonlab.util.UserException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its actionable message. */
    public EngineException(String message) {
        super(message);
    }

    /** Creates the exception with its actionable message and cause. */
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
