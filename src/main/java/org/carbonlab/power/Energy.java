package org.carbonlab.power;

/**
 * An amount of energy in joules. {@code NaN} means "not known"; the reason travels beside it.
 *
 * @param joules the energy in joules
 */
public record Energy(double joules) implements Comparable<Energy> {

    /** No energy at all (a real zero, not a missing value). */
    public static final Energy ZERO = new Energy(0);

    /** An unknown amount. */
    public static final Energy UNKNOWN = new Energy(Double.NaN);

    /** Returns the energy of {@code joules} joules. */
    public static Energy ofJoules(double joules) {
        return new Energy(joules);
    }

    /** Returns the energy of {@code kwh} kilowatt-hours. */
    public static Energy ofKilowattHours(double kwh) {
        return new Energy(kwh * 3.6e6);
    }

    /** Returns this energy in watt-hours. */
    public double wattHours() {
        return joules / 3600.0;
    }

    /** Returns this energy in kilowatt-hours. */
    public double kilowattHours() {
        return joules / 3.6e6;
    }

    /** Returns whether the amount is known. */
    public boolean isKnown() {
        return !Double.isNaN(joules);
    }

    /** Returns the sum; unknown if either is unknown. */
    public Energy plus(Energy other) {
        return new Energy(joules + other.joules);
    }

    /** Returns the difference; unknown if either is unknown. */
    public Energy minus(Energy other) {
        return new Energy(joules - other.joules);
    }

    /** Returns the mean power over {@code seconds}. */
    public Power over(double seconds) {
        return new Power(joules / seconds);
    }

    @Override
    public int compareTo(Energy o) {
        return Double.compare(joules, o.joules);
    }
}
