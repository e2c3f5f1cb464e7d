package org.carbonlab.stats;

/**
 * A figure and the range it lies in: the one representation of a range in carbonlab. As a confidence interval, an
 * estimate with its interval on one scale: a ratio (variant / baseline, no difference at 1) or a difference (variant -
 * baseline, no difference at 0). As an estimate's band, a figure with its band's ends, or the factors a figure moves
 * by (around 1). NaN ends: no interval (too few values, no spread, a value the scale cannot take); infinite ends: the
 * interval is unbounded. Absence of a band is an empty {@code Optional}, not a special value.
 *
 * @param estimate the point estimate
 * @param low      lower end
 * @param high     upper end
 */
public record Interval(double estimate, double low, double high) {

    /** No estimate and no interval. */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN);

    /** An estimate without an interval. */
    static Interval only(double estimate) {
        return new Interval(estimate, Double.NaN, Double.NaN);
    }

    /** A figure known exactly: itself at both ends (a measured side of a ratio of bands). */
    public static Interval exact(double value) {
        return new Interval(value, value, value);
    }

    /** This interval with every figure times {@code factor} (positive). */
    public Interval times(double factor) {
        return new Interval(estimate * factor, low * factor, high * factor);
    }

    /** Whether both ends are known numbers. */
    public boolean bounded() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** Whether an interval was computed at all (its ends may still be infinite). */
    public boolean present() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /** Whether the interval is bounded and leaves out {@code value} (a difference shown at the 95 % level). */
    public boolean excludes(double value) {
        return bounded() && (low > value || high < value);
    }
}
