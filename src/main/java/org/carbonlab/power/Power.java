package org.carbonlab.power;

/**
 * A power in watts. {@code NaN} means "not known".
 *
 * @param watts the power in watts
 */
public record Power(double watts) {

    /** An unknown power. */
    public static final Power UNKNOWN = new Power(Double.NaN);

    /** Returns the power of {@code watts} watts. */
    public static Power ofWatts(double watts) {
        return new Power(watts);
    }

    /** Returns whether the power is known. */
    public boolean isKnown() {
        return !Double.isNaN(watts);
    }

    /** Returns the energy this power delivers over {@code seconds}. */
    public Energy times(double seconds) {
        return new Energy(watts * seconds);
    }
}
