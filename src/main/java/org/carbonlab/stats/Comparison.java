package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * A variant against the baseline on one metric: the ratio of means (variant / baseline) with its 95 % confidence
 * interval by Fieller's theorem for two independent samples (Welch-Satterthwaite degrees of freedom), Welch's
 * two-sided t-test, and how many repetitions per variant would detect a 5 % difference of the baseline mean at the
 * observed spread (two-sided alpha 0.05, power 0.8, normal approximation). {@link #notes} says in words when the
 * evidence is thin.
 *
 * @param baseline   the baseline's summary
 * @param variant    the variant's summary
 * @param ratio      mean(variant) / mean(baseline)
 * @param ratioLow   lower end of the ratio's 95 % CI (NaN when not computable, -inf/+inf when unbounded)
 * @param ratioHigh  upper end
 * @param welchP     two-sided p-value of Welch's t-test (NaN with fewer than 2 values in a group)
 * @param nFor5Pct   repetitions per variant to detect a 5 % difference (0 when not computable)
 * @param notes      plain statements about the evidence
 */
public record Comparison(Summary baseline, Summary variant, double ratio, double ratioLow, double ratioHigh,
                         double welchP, int nFor5Pct, List<String> notes) {

    /** Compares {@code variant} with {@code baseline} (NaN and infinite values are skipped). */
    public static Comparison of(double[] baseline, double[] variant) {
        double[] a = Summary.finite(baseline);
        double[] b = Summary.finite(variant);
        Summary sa = Summary.of(a);
        Summary sb = Summary.of(b);
        double ratio = sb.mean() / sa.mean();
        double[] ci = fieller(sa, sb);
        double p = a.length >= 2 && b.length >= 2 && (sa.sd() > 0 || sb.sd() > 0)
                ? new TTest().tTest(a, b) : Double.NaN;
        int n = repetitionsFor(0.05, sa, sb);
        List<String> notes = new ArrayList<>();
        if (sa.n() < 3 || sb.n() < 3) {
            notes.add("n < 3 in a group (" + sa.n() + " and " + sb.n() + "): too few repetitions for the interval"
                    + " or the test to carry weight");
        }
        if (Double.isNaN(ci[0])) {
            notes.add(sa.n() < 2 || sb.n() < 2 ? "no confidence interval: it needs at least 2 values in each group"
                    : "no ratio: the baseline's mean is 0");
        } else if (Double.isInfinite(ci[0]) || Double.isInfinite(ci[1])) {
            notes.add("the interval is unbounded: the baseline's mean is not clearly different from 0");
        } else if (ci[0] <= 1 && ci[1] >= 1) {
            notes.add("the 95 % CI of the ratio includes 1: no difference is shown");
        }
        return new Comparison(sa, sb, ratio, ci[0], ci[1], p, n, List.copyOf(notes));
    }

    /** Fieller's 95 % interval of mean(b) / mean(a) for independent samples. */
    static double[] fieller(Summary a, Summary b) {
        if (a.n() < 2 || b.n() < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double ma = a.mean();
        double mb = b.mean();
        double va = a.sd() * a.sd() / a.n();
        double vb = b.sd() * b.sd() / b.n();
        double r = mb / ma;
        if (!Double.isFinite(r)) { // a baseline mean of 0 (e.g. a segment too short for the meter): no ratio
            return new double[] {Double.NaN, Double.NaN};
        }
        if (va == 0 && vb == 0) {
            return new double[] {r, r};
        }
        // Welch-Satterthwaite degrees of freedom of mb - r * ma
        double num = (vb + r * r * va) * (vb + r * r * va);
        double den = vb * vb / (b.n() - 1) + Math.pow(r, 4) * va * va / (a.n() - 1);
        double df = num / den;
        if (!Double.isFinite(df) || df <= 0) {
            // degenerate at the estimate (e.g. a variant of all zeros against a varying baseline): the conservative
            // degrees of freedom of the smaller group
            df = Math.min(a.n(), b.n()) - 1;
        }
        double t = new TDistribution(df).inverseCumulativeProbability(0.975);
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

    /** Repetitions per group to detect a difference of {@code fraction} of the baseline mean. */
    static int repetitionsFor(double fraction, Summary a, Summary b) {
        if (a.n() < 2 || b.n() < 2 || !(a.mean() != 0)) {
            return 0;
        }
        NormalDistribution z = new NormalDistribution();
        double zz = z.inverseCumulativeProbability(0.975) + z.inverseCumulativeProbability(0.8);
        double delta = fraction * Math.abs(a.mean());
        double n = zz * zz * (a.sd() * a.sd() + b.sd() * b.sd()) / (delta * delta);
        return (int) Math.max(2, Math.ceil(n));
    }

    /** Whether the ratio's interval excludes 1 (a difference is shown at the 95 % level). */
    public boolean significant() {
        return Double.isFinite(ratioLow) && Double.isFinite(ratioHigh) && (ratioLow > 1 || ratioHigh < 1);
    }
}
