package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When an adaptive study has run enough blocks: after each block (one trial of every variant), every
 * variant/baseline ratio's 95 % interval (Fieller's, the one the tables show) is recomputed; the study stops once
 * every interval's half-width, relative to its ratio, is at most {@code halfWidth}, never before {@code min} blocks,
 * and at {@code max} blocks whatever the intervals are. Unlike DaCapo's or Laaber et al.'s rules, which stop when
 * each benchmark's own spread is small, this stops on the interval of the comparison the study is asked.
 *
 * @param min       fewest blocks
 * @param max       most blocks
 * @param halfWidth the largest relative half-width that counts as tight, e.g. 0.10
 */
public record StoppingRule(int min, int max, double halfWidth) {

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
     * The relative half-width of {@code c}'s interval: (high - low) / 2 / ratio; infinite where the interval is
     * unbounded or cannot be computed (too few values, a ratio of 0), and where neither side shows any spread (values
     * that tie, e.g. CPU time in procfs's 10 ms steps, give an interval of zero width that is no evidence).
     */
    public static double relativeHalfWidth(Comparison c) {
        if (c.baseline().sd() == 0 && c.variant().sd() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double w = (c.ratioHigh() - c.ratioLow()) / 2 / Math.abs(c.ratio());
        return Double.isFinite(w) ? w : Double.POSITIVE_INFINITY;
    }

    /**
     * What to do after {@code blocks} complete blocks, given each ratio's relative half-width (by variant name).
     */
    public Decision decide(int blocks, Map<String, Double> halfWidths) {
        List<String> wide = new ArrayList<>();
        halfWidths.forEach((v, w) -> {
            if (!(w <= halfWidth)) {
                wide.add(v + " " + percent(w));
            }
        });
        if (blocks >= min && wide.isEmpty()) {
            return new Decision(true, Reason.TIGHT, "every ratio's 95 % CI is within +-" + percent(halfWidth)
                    + " after " + blocks + " blocks");
        }
        if (blocks >= max) {
            return new Decision(true, Reason.MAX, "reached the most blocks (" + max + ") with " + String.join(", ", wide)
                    + " still wider than +-" + percent(halfWidth));
        }
        return new Decision(false, null, blocks < min ? "fewer than " + min + " blocks" : "still wide: "
                + String.join(", ", wide));
    }

    /** Why a study stopped. */
    public enum Reason {
        /** Every interval was tight enough. */
        TIGHT,
        /** The most blocks were run. */
        MAX,
        /** The spec's budget of time or energy was spent. */
        BUDGET
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
     * Repetitions per variant that would reach {@code halfWidth} at the observed coefficients of variation of the
     * baseline and the variant (normal approximation of the ratio's relative variance: CVa^2 + CVb^2).
     */
    public static int repetitionsFor(double halfWidth, double cvBaseline, double cvVariant) {
        double n = 1.96 * 1.96 * (cvBaseline * cvBaseline + cvVariant * cvVariant) / (halfWidth * halfWidth);
        return Double.isFinite(n) ? (int) Math.max(2, Math.ceil(n)) : Integer.MAX_VALUE;
    }

    static String percent(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.1f %%", 100 * f) : "unbounded";
    }
}
