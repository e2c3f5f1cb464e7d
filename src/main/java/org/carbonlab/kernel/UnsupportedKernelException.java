package org.carbonlab.kernel;

/** An engine cannot run an op in a format on this machine; the message says why. */
public final class UnsupportedKernelException extends org.carbonlab.util.UserException {
    private static final long serialVersionUID = 1L;

    /** With the reason. */
    public UnsupportedKernelException(String message) {
        super(message);
    }

    /** With the reason and the engine's own error. */
    public UnsupportedKernelException(String message, Throwable cause) {
        super(message, cause);
    }
}
