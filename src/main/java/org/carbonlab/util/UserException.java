package org.carbonlab.util;

/**
 * An input the user must fix (an unknown name, a file that is not what it should be, a setting this machine or
 * engine cannot run): its message says what is wrong and what is valid. Every package's user errors extend it, so
 * the command line answers them all one way: the message on one line and exit code 2, never a stack trace.
 */
public class UserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its actionable message. */
    public UserException(String message) {
        super(message);
    }

    /** Creates the exception with its actionable message and cause. */
    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
