package org.carbonlab.stats;

import java.util.Arrays;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, standard deviation and the 95 % confidence interval of the mean (Student t, n - 1 degrees of freedom) of
 * the finite values of a sample. With one value the spread and interval are NaN; with none, everything is.
 *
 * @param n      finite values
 * @param mean   their mean
 * @param sd     sample standard deviation (n - 1)
 * @param ciLow  lower end of the 95 % CI of the mean
 * @param ciHigh upper end
 */
public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {

    /** Summarises {@code values}, skipping NaN and infinities (unknown measurements). */
    public static Summary of(double... values) {
        double[] v = finite(values);
        int n = v.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(v).sum() / n;
        if (n == 1) {
            return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        if (Arrays.stream(v).allMatch(x -> x == v[0])) { // ties: exactly no spread (the sum's rounding would say 1e-16)
            return new Summary(n, v[0], 0, v[0], v[0]);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new Summary(n, mean, sd, mean - half, mean + half);
    }

    /** The finite values of {@code values}. */
    static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    /** Standard error of the mean. */
    public double standardError() {
        return sd / Math.sqrt(n);
    }
}
