package org.carbonlab.power;

import java.util.List;

/** Receives what the {@link Sampler} reads, in time order, on the thread that read it. */
public interface SampleListener {

    /** Called once before the first tick with the sampler's channels. */
    default void onStart(List<Channel> channels, long intervalNanos) {
    }

    /** Called for every tick, periodic or taken at a window boundary. */
    void onTick(Tick tick);

    /** Called when a window boundary is marked (the tick taken for it has already been delivered). */
    default void onMark(long monotonicNanos, String label) {
    }

    /** Called once when the sampler stops. */
    default void onStop() {
    }
}
