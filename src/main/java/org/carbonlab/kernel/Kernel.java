package org.carbonlab.kernel;

/**
 * One op, in one format, on one engine, with its inputs already on the engine: {@link #run()} is exactly what a
 * benchmark times. Close it to free the engine's memory.
 */
public interface Kernel extends AutoCloseable {

    /** Runs the op once, keeping its output (the previous one is freed). */
    void run();

    /** The last output, widened to FP64, in the {@link Op}'s layout. */
    double[] result();

    @Override
    void close();

    /**
     * Puts inputs {@code in} (FP64, the op's layout), rounded to {@code format}, on {@code engine}.
     *
     * @throws UnsupportedKernelException where the engine cannot run the op in that format here (the reason says
     *                                    why: a missing data type, a failing primitive)
     */
    static Kernel open(Backend engine, Op op, Format format, double[][] in) {
        if (format == Format.FP64) {
            throw new UnsupportedKernelException("FP64 is the reference, not a kernel format");
        }
        return engine == Backend.DJL ? new DjlKernel(op, format, in)
                : new Nd4jKernel(op, format, in, engine == Backend.ND4J_ONEDNN);
    }
}
