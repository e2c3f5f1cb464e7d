package org.carbonlab.experiment.spec;

import java.time.Duration;
import java.util.List;

import org.carbonlab.results.TrialMetric;

/**
 * What a study spec means where it says nothing: every default of the spec's keys in one place (as JMH keeps its
 * runner's in {@code Defaults}), read by the parsers and documented by {@code experiments/reference.yaml}. The
 * defaults of values that belong to a lower layer stay with their owner and are named here:
 * {@code power.Sampler.DEFAULT_INTERVAL}, {@code carbon.Pue.GLOBAL_2021}, {@code Allocator.DEFAULT},
 * {@code EstimateSource.Model.DEFAULT}.
 */
public final class Defaults {

    /** {@code seed}: repetition r trains with seed + r - 1. */
    public static final long SEED = 1;
    /** {@code order}. */
    public static final org.carbonlab.stats.RunOrder ORDER = org.carbonlab.stats.RunOrder.COUNTERBALANCED;
    /** {@code warmup}: warm-up trials per variant. */
    public static final int WARMUP = 0;
    /** {@code repetitions}: a fixed number of blocks. */
    public static final int REPETITIONS = 3;
    /** {@code repetitions.min} of an adaptive design. */
    public static final int ADAPTIVE_MIN = 3;
    /** {@code repetitions.max} of an adaptive design (at least its min). */
    public static final int ADAPTIVE_MAX = 12;
    /** {@code repetitions.until.metric}. */
    public static final TrialMetric UNTIL_METRIC = TrialMetric.ENERGY_PER_TRIAL;
    /** {@code repetitions.until.half-width}: also what a fixed design's certificate counts as tight. */
    public static final double HALF_WIDTH = 0.10;
    /** {@code quiet.max-wait}. */
    public static final Duration QUIET_MAX_WAIT = Duration.ofSeconds(60);
    /** {@code cooldown}, {@code idle-baseline} and {@code trial-timeout}: none. */
    public static final Duration NONE = Duration.ZERO;
    /** {@code power.sources}. */
    public static final List<String> SOURCES = List.of("auto");
    /** {@code tune.blocks.first}. */
    public static final int TUNE_FIRST = 2;
    /** {@code tune.blocks.max} (at least first). */
    public static final int TUNE_MAX = 8;
    /** {@code tune.confidence}. */
    public static final double TUNE_CONFIDENCE = 0.95;

    private Defaults() {
    }
}
