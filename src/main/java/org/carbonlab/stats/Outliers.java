package org.carbonlab.stats;

import java.util.Arrays;

/**
 * Outliers by the modified z-score of Iglewicz and Hoaglin, 0.6745 (x - median) / MAD, with hyperfine's threshold of
 * 10 (its {@code OUTLIER_THRESHOLD} of 1.4826 x 10 on (x - median) / MAD), on the logarithms of positive values (a
 * trial twice as slow and one half as slow are as far out) and on the values themselves otherwise. Two departures,
 * each chosen by simulation ({@code OutliersTest}): with three values the threshold is 20, since three values'
 * MAD is the smaller of two gaps and a near-tie makes any third value look far out; and the MAD is never taken
 * below 1 % (of the median, or 0.01 in log terms), which defines the MAD = 0 case (values that tie, e.g. in procfs's
 * 10 ms steps, flag a value that is really far out, never one that differs by a step; hyperfine uses a tiny
 * epsilon). On clean data, normal or log-normal at CV 1 to 25 %, at most 5 % of variants of 3 to 8 values have a
 * trial flagged; the rule finds only gross outliers (a trial 50 % slow among trials at CV 10 % is not one).
 */
public final class Outliers {

    /** The threshold on the modified z-score's magnitude from four values. */
    public static final double THRESHOLD = 10;
    /** The threshold with three values. */
    public static final double THRESHOLD_3 = 20;
    /** The smallest MAD, relative to the median's scale. */
    static final double MAD_FLOOR = 0.01;

    private Outliers() {
    }

    /** The threshold for {@code n} finite values. */
    public static double threshold(int n) {
        return n == 3 ? THRESHOLD_3 : THRESHOLD;
    }

    /** The modified z-score of each value (NaN for NaN values, and for all when fewer than 3 are finite). */
    public static double[] modifiedZ(double[] values) {
        double[] finite = Summary.finite(values);
        double[] z = new double[values.length];
        if (finite.length < 3) {
            Arrays.fill(z, Double.NaN);
            return z;
        }
        boolean logs = Arrays.stream(finite).allMatch(x -> x > 0);
        double[] y = logs ? Arrays.stream(finite).map(StrictMath::log).toArray() : finite;
        double median = median(y);
        double mad = median(Arrays.stream(y).map(x -> Math.abs(x - median)).toArray());
        double scale = Math.max(mad, MAD_FLOOR * (logs ? 1 : Math.abs(median)));
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            z[i] = !Double.isFinite(x) ? Double.NaN : scale == 0 ? (x == median ? 0 : Math.copySign(
                    Double.POSITIVE_INFINITY, x - median)) : 0.6745 * ((logs ? StrictMath.log(x) : x) - median) / scale;
        }
        return z;
    }

    /** Which values are outliers. */
    public static boolean[] flags(double[] values) {
        double[] z = modifiedZ(values);
        double t = threshold(Summary.finite(values).length);
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.abs(z[i]) > t;
        }
        return out;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
