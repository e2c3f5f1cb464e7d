package org.carbonlab.power;

import java.util.List;

/**
 * A source of energy counters and/or power readings: RAPL, NVML, the TDP estimator, a replayed trace.
 *
 * <p>A source is probed once when it is created; {@link #status()} says what it found. {@link #read} is called by
 * one thread at a time (the {@link Sampler} serialises reads), returns one {@link Reading} per channel in the order
 * of {@link #channels()}, and reports a channel it cannot read as {@link Reading#failed} rather than throwing.
 * A read that throws anyway is recorded by the sampler as a gap for every channel of the source.
 */
public interface PowerSource extends AutoCloseable {

    /** Returns the source's short id, e.g. {@code rapl}. */
    String id();

    /** Returns what probing found. */
    SourceStatus status();

    /** Returns the channels this source reads; empty when unavailable. */
    List<Channel> channels();

    /**
     * Reads every channel.
     *
     * @param monotonicNanos the sampler's timestamp for this read (nanoseconds since the sampler started)
     * @return one reading per channel, in channel order
     */
    List<Reading> read(long monotonicNanos);

    /** The band of channel {@code channelId}'s energy, where its figure is a model's (empty: measured, or no band). */
    default java.util.Optional<Band> band(String channelId) {
        return java.util.Optional.empty();
    }

    /**
     * Tells the source that {@code pid} was just started and belongs to what is measured; sources that attribute
     * energy to processes start counting it at once instead of at their next discovery. Whole-device sources ignore it.
     */
    default void track(long pid) {
    }

    /** Releases whatever the source holds (library handles, open files). */
    @Override
    default void close() {
    }
}
