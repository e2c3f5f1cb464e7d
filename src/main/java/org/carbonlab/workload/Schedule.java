package org.carbonlab.workload;

import org.carbonlab.util.Names;
import ai.djl.training.tracker.Tracker;
import java.util.Locale;

/**
 * The learning-rate schedule around Adam's base rate. {@code constant} is DESIGN.md's plain Adam 1e-3;
 * {@code cosine} warms up linearly over the first epoch's steps and then decays along a half cosine to zero at the
 * last step, the usual recipe for small vision transformers.
 */
public enum Schedule {
    /** The base rate at every step. */
    CONSTANT,
    /** Linear warm-up over one epoch, then cosine decay to 0 at the last step. */
    COSINE;

    /** The spelling used in specs and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code constant} or {@code cosine}. */
    public static Schedule of(String id) {
        return Names.byId(values(), Schedule::id, id, "learning-rate schedule");
    }

    /** The tracker for {@code base} over {@code totalSteps} steps of which the first {@code warmupSteps} warm up. */
    public Tracker tracker(float base, int warmupSteps, int totalSteps) {
        if (this == CONSTANT) {
            return Tracker.fixed(base);
        }
        return step -> rate(base, warmupSteps, totalSteps, step);
    }

    /**
     * The rate at optimizer update {@code step} (DJL counts updates of a parameter from 1); public for tests.
     */
    public static float rate(float base, int warmupSteps, int totalSteps, int step) {
        int n = Math.max(1, step);
        if (n <= warmupSteps) {
            return base * n / warmupSteps;
        }
        int decay = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (n - warmupSteps) / decay);
        return (float) (base * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
