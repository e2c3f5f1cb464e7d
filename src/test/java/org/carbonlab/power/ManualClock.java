package org.carbonlab.power;

import java.util.function.LongSupplier;

/** A monotonic clock that only moves when told to. */
public final class ManualClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    public void advanceSeconds(double s) {
        nanos += Math.round(s * 1e9);
    }
}
