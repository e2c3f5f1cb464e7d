package org.carbonlab.stats;

import java.util.Arrays;

/**
 * Outliers by the modified z-score of Iglewicz and Hoaglin: 0.6745 (x - median) / MAD, flagged beyond 3.5 (the
 * rule hyperfine applies to its runs). Robust: one slow run does not hide itself by inflating the spread it is
 * measured against. With a MAD of 0 (most values equal) nothing is flagged.
 */
public final class Outliers {

    /** The threshold on the modified z-score's magnitude. */
    public static final double THRESHOLD = 3.5;

    private Outliers() {
    }

    /** The modified z-score of each value (NaN for NaN values, and for all when fewer than 3 are finite). */
    public static double[] modifiedZ(double[] values) {
        double[] finite = Summary.finite(values);
        double[] z = new double[values.length];
        if (finite.length < 3) {
            Arrays.fill(z, Double.NaN);
            return z;
        }
        double median = median(finite);
        double[] dev = Arrays.stream(finite).map(x -> Math.abs(x - median)).toArray();
        double mad = median(dev);
        for (int i = 0; i < values.length; i++) {
            z[i] = !Double.isFinite(values[i]) ? Double.NaN : mad == 0 ? 0 : 0.6745 * (values[i] - median) / mad;
        }
        return z;
    }

    /** Which values are outliers. */
    public static boolean[] flags(double[] values) {
        double[] z = modifiedZ(values);
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.abs(z[i]) > THRESHOLD;
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
