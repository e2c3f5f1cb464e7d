package org.carbonlab.power;

/**
 * What one channel said at one instant.
 *
 * @param energyJoules cumulative energy in joules since the source opened (only differences mean anything),
 *                     or {@code NaN} if the channel has no counter or it could not be read
 * @param powerWatts   instantaneous power in watts, or {@code NaN}
 * @param counterEpoch increases each time the counter was found to restart (driver reload, GPU reset); a window
 *                     whose ends differ in epoch cannot use the counter
 * @param error        why the channel could not be read, or {@code null} when the reading is valid
 */
public record Reading(double energyJoules, double powerWatts, int counterEpoch, String error) {

    /** Returns a counter reading. */
    public static Reading counter(double joules, int epoch) {
        return new Reading(joules, Double.NaN, epoch, null);
    }

    /** Returns a counter reading that also carries instantaneous power. */
    public static Reading counterAndPower(double joules, double watts, int epoch) {
        return new Reading(joules, watts, epoch, null);
    }

    /** Returns a power-only reading. */
    public static Reading power(double watts) {
        return new Reading(Double.NaN, watts, 0, null);
    }

    /** Returns a failed reading with its reason. */
    public static Reading failed(String reason) {
        return new Reading(Double.NaN, Double.NaN, 0, reason == null ? "unknown error" : reason);
    }

    /** Returns whether the channel was read. */
    public boolean ok() {
        return error == null;
    }

    /** Returns this reading with the power replaced (used to derive power from counter deltas). */
    public Reading withPower(double watts) {
        return new Reading(energyJoules, watts, counterEpoch, error);
    }
}
