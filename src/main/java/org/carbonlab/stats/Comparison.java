package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * A variant against the baseline on one metric, on the metric's {@link Scale}: the estimate with the 95 % confidence
 * interval that decides, the test's two-sided p-value, the unpaired interval beside it, and how many repetitions per
 * variant would detect a 5 % difference of the baseline mean at the observed spread (two-sided alpha 0.05, power
 * 0.8). {@link #notes} says in words when the evidence is thin.
 * <p>
 * Where the design pairs trials (repetition r of every variant runs in block r with the same seed), the paired
 * interval decides ({@link #paired}): the t interval of the per-block log ratios (its estimate the geometric mean of
 * the block ratios) or differences, n - 1 degrees of freedom. Trials of two runs do not pair ({@link #unpaired}):
 * Fieller's interval of the ratio of means (Welch-Satterthwaite degrees of freedom) or Welch's interval of the
 * difference of means. Values that all tie give no interval: a spread of 0 is no evidence of how much a figure
 * varies (procfs counts CPU time in 10 ms steps), never an interval of zero width.
 *
 * @param baseline  the baseline's summary
 * @param variant   the variant's summary
 * @param scale     ratio or difference
 * @param interval  the estimate and interval that decide (paired where the trials pair)
 * @param method    how {@code interval} was computed, in words
 * @param p         two-sided p-value of the test that goes with {@code interval} (NaN when not computable)
 * @param unpaired  the unpaired estimate and interval (the ratio or difference of means); equal to
 *                  {@code interval} where the trials do not pair
 * @param nFor5Pct  repetitions per variant to detect a 5 % difference (0 when not computable)
 * @param notes     plain statements about the evidence
 */
public record Comparison(Summary baseline, Summary variant, Scale scale, Interval interval, String method, double p,
                         Interval unpaired, int nFor5Pct, List<String> notes) {

    /** How a variant is set against the baseline. */
    public enum Scale {
        /** variant / baseline: energy, time, CO2e and every other positive quantity. */
        RATIO,
        /** variant - baseline: bounded fractions such as accuracy, where a ratio of two small values says little. */
        DIFFERENCE;

        /** The value that means "no difference": 1 for a ratio, 0 for a difference. */
        public double none() {
            return this == RATIO ? 1 : 0;
        }
    }

    private static final double Z_POWER = new NormalDistribution().inverseCumulativeProbability(0.975)
            + new NormalDistribution().inverseCumulativeProbability(0.8);
    private static final double[] T975 = new double[1001];

    /** Two independent samples as ratios of means (NaN and infinite values are skipped). */
    public static Comparison of(double[] baseline, double[] variant) {
        return unpaired(baseline, variant, Scale.RATIO);
    }

    /** Two independent samples (e.g. two runs): the unpaired interval decides. */
    public static Comparison unpaired(double[] baseline, double[] variant, Scale scale) {
        double[] a = Summary.finite(baseline);
        double[] b = Summary.finite(variant);
        Summary sa = Summary.of(a);
        Summary sb = Summary.of(b);
        List<String> notes = new ArrayList<>();
        Interval u = unpairedInterval(sa, sb, scale, notes);
        double p = a.length >= 2 && b.length >= 2 && (sa.sd() > 0 || sb.sd() > 0) ? new TTest().tTest(a, b)
                : Double.NaN;
        int n = repetitionsFor(0.05, sa, sb);
        finish(sa, sb, scale, u, notes);
        return new Comparison(sa, sb, scale, u, methodOf(scale), p, u, n, List.copyOf(notes));
    }

    /**
     * Two samples paired by block: element i of each is block i + 1's value (NaN where the block has no counted
     * trial; such a block leaves the pairs). With {@code pilot > 0} the study's size was chosen from the spread of
     * its first {@code pilot} blocks, so that spread is not used again: the estimate takes every pair, the interval's
     * spread and degrees of freedom come from the pairs of the blocks after the pilot only (a two-stage design; its
     * coverage does not depend on when the study stopped). A ratio needs positive values: with a value of 0 or below
     * the unpaired interval decides.
     */
    public static Comparison paired(double[] baseline, double[] variant, Scale scale, int pilot) {
        return paired(baseline, variant, scale, pilot, 0.95);
    }

    /**
     * {@link #paired(double[], double[], Scale, int)} with the interval at {@code level} instead of 95 % (a race's
     * look takes each of its m intervals at 1 - 0.05 / m); the p-value and the notes are the same.
     */
    public static Comparison paired(double[] baseline, double[] variant, Scale scale, int pilot, double level) {
        Summary sa = Summary.of(baseline);
        Summary sb = Summary.of(variant);
        List<String> notes = new ArrayList<>();
        Interval u = unpairedInterval(sa, sb, scale, new ArrayList<>());
        List<Double> d = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        boolean positive = true;
        for (int i = 0; i < Math.min(baseline.length, variant.length); i++) {
            double x = baseline[i];
            double y = variant[i];
            if (Double.isFinite(x) && Double.isFinite(y)) {
                positive &= x > 0 && y > 0;
                double di = scale == Scale.RATIO ? StrictMath.log(y / x) : y - x;
                d.add(di);
                if (i >= pilot) {
                    after.add(di);
                }
            }
        }
        if (scale == Scale.RATIO && !positive) {
            Comparison c = unpaired(baseline, variant, scale);
            List<String> n = new ArrayList<>(c.notes());
            n.add(0, "a value of 0 or below has no log ratio: the blocks do not pair, the unpaired interval decides");
            return new Comparison(c.baseline(), c.variant(), scale, c.interval(), c.method(), c.p(), c.unpaired(),
                    c.nFor5Pct(), List.copyOf(n));
        }
        int n = d.size();
        double mean = d.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        List<Double> spreadFrom = pilot > 0 ? after : d;
        int df = spreadFrom.size() - 1;
        double s = sd(spreadFrom);
        Interval iv;
        double p = Double.NaN;
        int n5 = 0;
        if (n < 2) {
            iv = Interval.only(back(scale, mean));
            notes.add("no interval: it needs at least 2 blocks with a counted trial of both (" + n + ")");
        } else if (df < 1) {
            iv = Interval.only(back(scale, mean));
            notes.add("no interval: the study's size came from its " + pilot + "-block pilot, and fewer than 2 blocks"
                    + " ran after it");
        } else if (s == 0) {
            iv = Interval.only(back(scale, mean));
            notes.add("no interval: every block gives the same " + (scale == Scale.RATIO ? "ratio" : "difference")
                    + "; tied values are no evidence of how much it varies");
        } else {
            double half = t(level, df) * s / Math.sqrt(n);
            iv = new Interval(back(scale, mean), back(scale, mean - half), back(scale, mean + half));
            p = 2 * new TDistribution(df).cumulativeProbability(-Math.abs(mean) / (s / Math.sqrt(n)));
            double delta = scale == Scale.RATIO ? StrictMath.log(1.05) : 0.05 * Math.abs(sa.mean());
            double need = Z_POWER * Z_POWER * s * s / (delta * delta);
            n5 = Double.isFinite(need) && delta > 0 ? (int) Math.max(2, Math.ceil(need)) : 0;
        }
        finish(sa, sb, scale, iv, notes);
        String method = (scale == Scale.RATIO ? "paired t on the log ratios" : "paired t on the differences") + " of "
                + n + " blocks" + (pilot > 0 ? ", spread from the " + after.size() + " after the " + pilot
                + "-block pilot" : "");
        return new Comparison(sa, sb, scale, iv, method, p, u, n5, List.copyOf(notes));
    }

    /** The notes every comparison gets: thin groups, a side whose values tie, and an interval that includes none. */
    private static void finish(Summary sa, Summary sb, Scale scale, Interval iv, List<String> notes) {
        if (sa.n() < 3 || sb.n() < 3) {
            notes.add("n < 3 in a group (" + sa.n() + " and " + sb.n() + "): too few repetitions for the interval"
                    + " or the test to carry weight");
        }
        if (sa.n() >= 2 && sb.n() >= 2 && (sa.sd() == 0) != (sb.sd() == 0)) {
            notes.add((sa.sd() == 0 ? "the baseline's" : "the variant's") + " values all tie (e.g. a clock's"
                    + " resolution): their spread is below what the meter resolves, and the interval may be too"
                    + " narrow");
        }
        if (iv.present() && !iv.bounded()) {
            notes.add("the interval is unbounded: the baseline's mean is not clearly different from 0");
        } else if (iv.bounded() && !iv.excludes(scale.none())) {
            notes.add("the 95 % CI of the " + (scale == Scale.RATIO ? "ratio includes 1" : "difference includes 0")
                    + ": no difference is shown");
        }
    }

    private static Interval unpairedInterval(Summary sa, Summary sb, Scale scale, List<String> notes) {
        double est = scale == Scale.RATIO ? sb.mean() / sa.mean() : sb.mean() - sa.mean();
        if (sa.n() < 2 || sb.n() < 2) {
            notes.add("no confidence interval: it needs at least 2 values in each group");
            return Interval.only(est);
        }
        if (!Double.isFinite(est)) {
            notes.add("no ratio: the baseline's mean is 0");
            return Interval.NONE;
        }
        if (sa.sd() == 0 && sb.sd() == 0) {
            notes.add("no interval: the values of both groups tie; tied values are no evidence of how much they vary");
            return Interval.only(est);
        }
        if (scale == Scale.DIFFERENCE) {
            double va = sa.sd() * sa.sd() / sa.n();
            double vb = sb.sd() * sb.sd() / sb.n();
            double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
            double half = t975(df) * Math.sqrt(va + vb);
            return new Interval(est, est - half, est + half);
        }
        double[] ci = fieller(sa, sb);
        return new Interval(est, ci[0], ci[1]);
    }

    /** Fieller's 95 % interval of mean(b) / mean(a) for independent samples (not both without spread). */
    static double[] fieller(Summary a, Summary b) {
        double ma = a.mean();
        double mb = b.mean();
        double va = a.sd() * a.sd() / a.n();
        double vb = b.sd() * b.sd() / b.n();
        double r = mb / ma;
        // Welch-Satterthwaite degrees of freedom of mb - r * ma
        double num = (vb + r * r * va) * (vb + r * r * va);
        double den = vb * vb / (b.n() - 1) + StrictMath.pow(r, 4) * va * va / (a.n() - 1);
        double df = num / den;
        if (!Double.isFinite(df) || df <= 0) {
            // degenerate at the estimate (e.g. a variant of all zeros against a varying baseline): the conservative
            // degrees of freedom of the smaller group
            df = Math.min(a.n(), b.n()) - 1;
        }
        double t = t975(df);
        double t2 = t * t;
        // (mb - rho ma)^2 = t^2 (vb + rho^2 va)  ->  A rho^2 - 2 B rho + C = 0
        double qa = ma * ma - t2 * va;
        double qb = ma * mb;
        double qc = mb * mb - t2 * vb;
        double disc = qb * qb - qa * qc;
        if (qa <= 0) {
            return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        double root = Math.sqrt(Math.max(0, disc));
        return new double[] {(qb - root) / qa, (qb + root) / qa};
    }

    /** Repetitions per group to detect a difference of {@code fraction} of the baseline mean (two independent groups). */
    static int repetitionsFor(double fraction, Summary a, Summary b) {
        if (a.n() < 2 || b.n() < 2 || !(a.mean() != 0)) {
            return 0;
        }
        double delta = fraction * Math.abs(a.mean());
        double n = Z_POWER * Z_POWER * (a.sd() * a.sd() + b.sd() * b.sd()) / (delta * delta);
        return (int) Math.max(2, Math.ceil(n));
    }

    /** The two-sided {@code level} quantile of Student's t with {@code df} degrees of freedom. */
    static double t(double level, double df) {
        return level == 0.95 ? t975(df) : new TDistribution(df).inverseCumulativeProbability(1 - (1 - level) / 2);
    }

    /** The 97.5th percentile of Student's t with {@code df} degrees of freedom (whole df up to 1,000 cached). */
    static double t975(double df) {
        if (df == Math.rint(df) && df >= 1 && df < T975.length) {
            int i = (int) df;
            if (T975[i] == 0) {
                T975[i] = new TDistribution(df).inverseCumulativeProbability(0.975);
            }
            return T975[i];
        }
        if (df >= T975.length) { // Cornish-Fisher: within 1e-6 of the quantile from 1,000 degrees of freedom
            double z = 1.959963984540054;
            return z + (z * z * z + z) / (4 * df);
        }
        return new TDistribution(df).inverseCumulativeProbability(0.975);
    }

    /** The sample SD (n - 1) of {@code x}: exactly 0 where every value ties, NaN with fewer than 2. */
    static double sd(List<Double> x) {
        if (x.size() < 2) {
            return Double.NaN;
        }
        if (x.stream().allMatch(v -> v.equals(x.get(0)))) {
            return 0; // ties: exactly no spread
        }
        double m = x.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = x.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (x.size() - 1));
    }

    private static double back(Scale scale, double x) {
        return scale == Scale.RATIO ? StrictMath.exp(x) : x;
    }

    private static String methodOf(Scale scale) {
        return scale == Scale.RATIO ? "Fieller, ratio of means, unpaired (Welch)" : "Welch, difference of means";
    }

    /** Whether the deciding interval leaves out "no difference" (a difference shown at the 95 % level). */
    public boolean significant() {
        return interval.excludes(scale.none());
    }

    /**
     * Why an interval's end is left empty in CSV and JSON (a missing or unbounded interval, decided or unpaired); ""
     * where both intervals are bounded.
     */
    public String missing() {
        List<String> why = new ArrayList<>();
        if (!interval.bounded()) {
            why.add(notes.stream().filter(n -> n.startsWith("no ") || n.startsWith("the interval is unbounded"))
                    .findFirst().orElse("no interval"));
        }
        if (!unpaired.bounded() && !unpaired.equals(interval)) {
            why.add("unpaired: " + (unpaired.present() ? "unbounded, the baseline's mean is not clearly different"
                    + " from 0" : "no interval"));
        }
        return String.join("; ", why);
    }

    /** Whether the deciding interval is the paired one. */
    public boolean isPaired() {
        return method.startsWith("paired");
    }
}
