package org.carbonlab.workload;

/** A workload input the user must fix (a corrupt data file, an unsupported precision); the message says how. */
public class WorkloadException extends org.carbonlab.util.UserException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its actionable message. */
    public WorkloadException(String message) {
        super(message);
    }

    /** Creates the exception with its actionable message and cause. */
    public WorkloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
