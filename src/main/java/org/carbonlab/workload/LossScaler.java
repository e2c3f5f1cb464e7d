package org.carbonlab.workload;

/**
 * Dynamic loss scaling for FP16 training: start at 2^16, double after {@value #GROWTH_INTERVAL} steps without
 * overflow, halve and skip the step on overflow. Counts the skipped steps.
 */
public final class LossScaler {

    /** The initial scale, 2^16. */
    public static final float INITIAL_SCALE = 65_536f;
    /** Clean steps before the scale doubles. */
    public static final int GROWTH_INTERVAL = 2_000;

    private float scale = INITIAL_SCALE;
    private int clean;
    private long skipped;

    /** Returns the scale to multiply the loss by. */
    public float scale() {
        return scale;
    }

    /** Returns how many steps were skipped for overflow. */
    public long skipped() {
        return skipped;
    }

    /**
     * Records a step's outcome and returns whether its (unscaled) gradients may be applied: false on overflow, after
     * halving the scale.
     */
    public boolean onStep(boolean overflow) {
        if (overflow) {
            scale /= 2;
            clean = 0;
            skipped++;
            return false;
        }
        if (++clean == GROWTH_INTERVAL) {
            scale *= 2;
            clean = 0;
        }
        return true;
    }
}
