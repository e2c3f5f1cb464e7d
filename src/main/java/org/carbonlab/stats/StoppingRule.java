package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * How many blocks an adaptive study runs: a two-stage design in the manner of Stein (1945). The first
 * {@value #PILOT} blocks are a pilot; from the spread of each variant/baseline log ratio over them (one trial of
 * every variant per block, paired) the study fixes its size once: the fewest blocks, at least {@link #earliest()}
 * and at most {@code max}, at which every ratio's paired 95 % interval, with its spread taken from the blocks after
 * the pilot, would be within {@code halfWidth} (in log terms, at the pilot's spread). The interval then reported
 * takes its spread from the blocks after the pilot only ({@link Comparison#paired}), so the spread that chose the
 * size is not used again and a study that stops early covers as often as one that runs to {@code max}. A rule that
 * stops on the reported interval itself (as this one did before, and as DaCapo's or Laaber et al.'s rules stop on
 * each benchmark's own spread) stops when the spread happens to be small and then reports too narrow an interval:
 * 84 % coverage among its early stops at CV 10 % ({@link Certificate} prints both).
 *
 * @param min       fewest blocks
 * @param max       most blocks
 * @param halfWidth the target half-width of each ratio's interval, relative to the ratio, e.g. 0.10
 */
public record StoppingRule(int min, int max, double halfWidth) {

    /** The pilot's blocks. */
    public static final int PILOT = 2;

    /** Checks the bounds. */
    public StoppingRule {
        if (min < 2 || max < min) {
            throw new IllegalArgumentException("repetitions need 2 <= min <= max, got min " + min + ", max " + max);
        }
        if (!(halfWidth > 0 && halfWidth < 1)) {
            throw new IllegalArgumentException("half-width is a fraction of the ratio in (0, 1), got " + halfWidth);
        }
    }

    /**
     * The blocks after the pilot that give the interval its spread, at least: 3 (2 degrees of freedom; with 1, t is
     * 12.7 and a pilot that happened to vary little would size a study whose interval is useless).
     */
    public static final int AFTER_PILOT = 3;

    /** The fewest blocks a study can stop at: {@code min}, and at least the pilot and {@link #AFTER_PILOT}. */
    public int earliest() {
        return Math.min(max, Math.max(min, PILOT + AFTER_PILOT));
    }

    /**
     * The blocks the study runs, from each ratio's pilot spread (the SD of its log ratios over the pilot's blocks;
     * NaN where the pilot has fewer than 2 complete pairs): {@code max} where any spread is unknown or too large.
     */
    public int blocksFor(Iterable<Double> pilotSpreads) {
        double hl = StrictMath.log(1 + halfWidth);
        for (int k = earliest(); k < max; k++) {
            boolean enough = true;
            for (double s : pilotSpreads) {
                enough &= Double.isFinite(s) && Comparison.t975(k - PILOT - 1) * s / Math.sqrt(k) <= hl;
            }
            if (enough) {
                return k;
            }
        }
        return max;
    }

    /**
     * The per-block log ratios variant / baseline (element r - 1 of each array is block r's); NaN where a block has
     * no complete pair of positive values.
     */
    public static double[] logRatios(double[] baseline, double[] variant) {
        double[] d = new double[Math.min(baseline.length, variant.length)];
        for (int r = 0; r < d.length; r++) {
            d[r] = baseline[r] > 0 && variant[r] > 0 && Double.isFinite(baseline[r]) && Double.isFinite(variant[r])
                    ? StrictMath.log(variant[r] / baseline[r]) : Double.NaN;
        }
        return d;
    }

    /**
     * The pilot spread of a ratio: the SD of its {@link #logRatios} over the pilot's blocks; NaN with fewer than 2
     * complete pairs.
     */
    public static double pilotSpread(double[] baseline, double[] variant) {
        double[] d = logRatios(baseline, variant);
        List<Double> pilot = new ArrayList<>();
        for (int r = 0; r < Math.min(PILOT, d.length); r++) {
            if (!Double.isNaN(d[r])) {
                pilot.add(d[r]);
            }
        }
        return Comparison.sd(pilot);
    }

    /** What to do after {@code blocks} complete blocks, given each ratio's pilot spread (by variant name). */
    public Decision decide(int blocks, Map<String, Double> pilotSpreads) {
        if (blocks < PILOT) {
            return new Decision(false, null, "the pilot runs " + PILOT + " blocks");
        }
        int n = blocksFor(pilotSpreads.values());
        List<String> spreads = new ArrayList<>();
        pilotSpreads.forEach((v, s) -> spreads.add(v + " " + (Double.isFinite(s) ? String.format(Locale.ROOT, "%.3f",
                s) : "unknown")));
        String sized = "the " + PILOT + "-block pilot's spread of the log ratios (" + String.join(", ", spreads)
                + ") sized the study at " + n + " blocks for +-" + percent(halfWidth);
        if (blocks >= max) {
            return new Decision(true, Reason.MAX, "reached the most blocks (" + max + "); " + sized);
        }
        if (blocks >= n) {
            return new Decision(true, Reason.PLANNED, sized + "; the interval takes its spread from the " + (n - PILOT)
                    + " blocks after the pilot");
        }
        return new Decision(false, null, sized);
    }

    /** Why a study stopped. */
    public enum Reason {
        /** The blocks the pilot asked for ran (before {@code max}). */
        PLANNED,
        /**
         * Every interval was tight enough: the former rule, which stopped on the reported interval itself (runs
         * made before the two-stage design record it).
         */
        TIGHT,
        /** The most blocks were run. */
        MAX,
        /** The spec's budget of time or energy was spent. */
        BUDGET,
        /** A tune's race has one candidate left, or none ({@link Race}). */
        DECIDED
    }

    /**
     * A decision after a block.
     *
     * @param stop   whether to stop
     * @param reason why it stopped (null when it goes on)
     * @param words  the decision in words
     */
    public record Decision(boolean stop, Reason reason, String words) {
    }

    /**
     * Blocks a fixed design would need for its paired interval of a log ratio to be within {@code halfWidth}, when
     * the per-block log ratios vary with SD {@code sd} estimated from {@code df} degrees of freedom: the Student t
     * quantile at each size, and the 80 % upper confidence bound of the SD (an estimate from few blocks is as often
     * too small as too large; sizing on the estimate itself falls short half the time). Integer.MAX_VALUE where it is
     * out of reach (no spread known, or beyond 100,000 blocks).
     */
    public static int blocksFor(double halfWidth, double sd, int df) {
        if (!(sd >= 0) || df < 1) {
            return Integer.MAX_VALUE;
        }
        double upper = sd * Math.sqrt(df / new ChiSquaredDistribution(df).inverseCumulativeProbability(0.2));
        double hl = StrictMath.log(1 + halfWidth);
        for (int n = 2; n <= 100_000; n++) {
            if (Comparison.t975(n - 1) * upper / Math.sqrt(n) <= hl) {
                return n;
            }
        }
        return Integer.MAX_VALUE;
    }

    static String percent(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.1f %%", 100 * f) : "unbounded";
    }
}
