package org.carbonlab.power;

import java.util.List;

/**
 * One sampling instant: a reading for every channel of the sampler, in the sampler's channel order.
 *
 * @param monotonicNanos nanoseconds since the sampler started (monotonic clock)
 * @param readings       one reading per channel
 */
public record Tick(long monotonicNanos, List<Reading> readings) {

    /** Copies the readings. */
    public Tick {
        readings = List.copyOf(readings);
    }

    /** Returns the tick's time in seconds since the sampler started. */
    public double seconds() {
        return monotonicNanos / 1e9;
    }
}
