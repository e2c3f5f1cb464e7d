package org.carbonlab.hardware;

/** An NVML call that did not return {@code NVML_SUCCESS}; the message explains the code in the user's terms. */
public final class NvmlException extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@code NVML_ERROR_UNINITIALIZED}. */
    public static final int UNINITIALIZED = 1;
    /** {@code NVML_ERROR_NOT_SUPPORTED}. */
    public static final int NOT_SUPPORTED = 3;
    /** {@code NVML_ERROR_NO_PERMISSION}. */
    public static final int NO_PERMISSION = 4;
    /** {@code NVML_ERROR_DRIVER_NOT_LOADED}. */
    public static final int DRIVER_NOT_LOADED = 9;
    /** {@code NVML_ERROR_LIBRARY_NOT_FOUND}. */
    public static final int LIBRARY_NOT_FOUND = 12;
    /** {@code NVML_ERROR_FUNCTION_NOT_FOUND}. */
    public static final int FUNCTION_NOT_FOUND = 13;
    /** {@code NVML_ERROR_GPU_IS_LOST}. */
    public static final int GPU_IS_LOST = 15;

    private final int code;

    /** Creates the exception for {@code function} returning {@code code}. */
    public NvmlException(String function, int code) {
        super(function + ": " + describe(code));
        this.code = code;
    }

    /** Returns NVML's return code. */
    public int code() {
        return code;
    }

    /** Returns what an NVML return code means and what to do about it. */
    public static String describe(int code) {
        return switch (code) {
            case UNINITIALIZED -> "NVML_ERROR_UNINITIALIZED (NVML was not initialised)";
            case 2 -> "NVML_ERROR_INVALID_ARGUMENT";
            case NOT_SUPPORTED -> "NVML_ERROR_NOT_SUPPORTED (this GPU or driver does not offer it)";
            case NO_PERMISSION -> "NVML_ERROR_NO_PERMISSION (run as a user allowed to query the GPU, e.g. root)";
            case 6 -> "NVML_ERROR_NOT_FOUND";
            case DRIVER_NOT_LOADED -> "NVML_ERROR_DRIVER_NOT_LOADED (the NVIDIA kernel driver is not running:"
                    + " check nvidia-smi, or load the nvidia module)";
            case 10 -> "NVML_ERROR_TIMEOUT";
            case LIBRARY_NOT_FOUND -> "NVML_ERROR_LIBRARY_NOT_FOUND (libnvidia-ml.so.1 not found: no NVIDIA driver"
                    + " installed here; GPU energy cannot be measured on this machine)";
            case FUNCTION_NOT_FOUND -> "NVML_ERROR_FUNCTION_NOT_FOUND (the driver is too old for this call)";
            case GPU_IS_LOST -> "NVML_ERROR_GPU_IS_LOST (the GPU fell off the bus or needs a reset;"
                    + " no further readings from it)";
            case 16 -> "NVML_ERROR_RESET_REQUIRED (the GPU needs a reset)";
            case 999 -> "NVML_ERROR_UNKNOWN";
            default -> "NVML error " + code;
        };
    }
}
