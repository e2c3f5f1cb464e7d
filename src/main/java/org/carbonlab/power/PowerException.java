package org.carbonlab.power;

/** A failure of the energy meter that the user can act on; the message says what was wrong and what would work. */
public class PowerException extends org.carbonlab.util.UserException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its actionable message. */
    public PowerException(String message) {
        super(message);
    }

    /** Creates the exception with its actionable message and cause. */
    public PowerException(String message, Throwable cause) {
        super(message, cause);
    }
}
