package org.carbonlab.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A block-paired bootstrap 95 % interval of mean(variant) / mean(baseline): repetition r of every variant trains
 * with the same seed in the same block, so the pairs (baseline r, variant r) are resampled together, with
 * replacement, and the interval is the 2.5th and 97.5th percentiles of the resampled ratios (Kalibera and Jones
 * 2013 give the ratio's CI this way). Seeded: the same data and seed give the same interval.
 *
 * @param low       lower end (NaN with fewer than 2 pairs)
 * @param high      upper end
 * @param pairs     the complete pairs used (a pair with a missing value is left out)
 * @param resamples how many resamples
 */
public record PairedBootstrap(double low, double high, int pairs, int resamples) {

    /** The resamples of every interval in the reports. */
    public static final int RESAMPLES = 10_000;

    /** The interval of {@code variant[i] / baseline[i]} pairs (aligned by repetition), seeded by {@code seed}. */
    public static PairedBootstrap of(double[] baseline, double[] variant, long seed) {
        int n = Math.min(baseline.length, variant.length);
        double[] a = new double[n];
        double[] b = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(baseline[i]) && Double.isFinite(variant[i])) {
                a[m] = baseline[i];
                b[m] = variant[i];
                m++;
            }
        }
        if (m < 2) {
            return new PairedBootstrap(Double.NaN, Double.NaN, m, RESAMPLES);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[RESAMPLES];
        for (int k = 0; k < RESAMPLES; k++) {
            double sa = 0;
            double sb = 0;
            for (int j = 0; j < m; j++) {
                int pick = random.nextInt(m);
                sa += a[pick];
                sb += b[pick];
            }
            ratios[k] = sb / sa;
        }
        Arrays.sort(ratios);
        return new PairedBootstrap(percentile(ratios, 0.025), percentile(ratios, 0.975), m, RESAMPLES);
    }

    /** The {@code q} quantile of sorted values, linearly interpolated. */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
