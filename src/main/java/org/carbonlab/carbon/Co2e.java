package org.carbonlab.carbon;

/**
 * A mass of CO2-equivalent in grams. {@code NaN} means unknown.
 *
 * @param grams grams of CO2e
 */
public record Co2e(double grams) implements Comparable<Co2e> {

    /** Returns the mass of {@code kg} kilograms. */
    public static Co2e ofKilograms(double kg) {
        return new Co2e(kg * 1000);
    }

    /** Returns the mass in kilograms. */
    public double kilograms() {
        return grams / 1000;
    }

    /** Returns the mass in tonnes. */
    public double tonnes() {
        return grams / 1e6;
    }

    /** Returns the sum. */
    public Co2e plus(Co2e o) {
        return new Co2e(grams + o.grams);
    }

    @Override
    public int compareTo(Co2e o) {
        return Double.compare(grams, o.grams);
    }
}
