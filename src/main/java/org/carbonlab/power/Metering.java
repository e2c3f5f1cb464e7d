package org.carbonlab.power;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One way to meter: a {@link Sampler} over the sources, its optional {@link PowerTrace} file, and the
 * {@link EnergyMeter} that integrates it, started together and stopped together:
 * <pre>{@code
 * try (Metering m = Metering.start(sources, statuses, interval, Optional.of(trace))) {
 *     m.meter().begin("trial");
 *     ...
 *     Measurement result = m.meter().end();
 * }
 * }</pre>
 * Closing stops the sampler, which ends the trace; the sources stay open (their owner closes them).
 */
public final class Metering implements AutoCloseable {

    private final Sampler sampler;
    private final EnergyMeter meter;

    private Metering(Sampler sampler, EnergyMeter meter) {
        this.sampler = sampler;
        this.meter = meter;
    }

    /**
     * Starts sampling {@code sources} every {@code interval}, writing every sample to {@code trace} if given.
     *
     * @param statuses the sources' statuses, for the provenance the meter reports
     */
    public static Metering start(List<PowerSource> sources, List<SourceStatus> statuses, Duration interval,
                                 Optional<Path> trace) {
        Sampler sampler = new Sampler(sources, interval);
        try {
            trace.ifPresent(t -> sampler.addListener(PowerTrace.writer(t, sampler.wallClockOrigin())));
            EnergyMeter meter = new EnergyMeter(sampler, statuses);
            sampler.start();
            return new Metering(sampler, meter);
        } catch (RuntimeException e) {
            sampler.close();
            throw e;
        }
    }

    /** The meter: begin, mark and end measurements with it. */
    public EnergyMeter meter() {
        return meter;
    }

    /** The sampler (its channels, tick count, listener errors). */
    public Sampler sampler() {
        return sampler;
    }

    /** Stops the sampler; the trace ends. */
    @Override
    public void close() {
        sampler.close();
    }
}
