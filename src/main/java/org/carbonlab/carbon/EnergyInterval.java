package org.carbonlab.carbon;

import java.time.Duration;
import java.time.Instant;

/**
 * Energy consumed over a wall-clock interval, the unit of a consumption profile.
 *
 * @param start  start (inclusive)
 * @param end    end (exclusive), after start
 * @param joules energy in the interval; NaN when unknown
 * @param note   why it is unknown (null when known)
 */
public record EnergyInterval(Instant start, Instant end, double joules, String note) {

    /** A known energy over an interval. */
    public EnergyInterval(Instant start, Instant end, double joules) {
        this(start, end, joules, null);
    }

    /** Validates the interval. */
    public EnergyInterval {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("interval must end after it starts: " + start + " .. " + end);
        }
    }

    /** Returns the interval's length. */
    public Duration duration() {
        return Duration.between(start, end);
    }
}
