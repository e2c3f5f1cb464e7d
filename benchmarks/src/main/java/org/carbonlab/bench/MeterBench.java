package org.carbonlab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.Sampler;
import org.carbonlab.power.SourceStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The energy meter's own cost: integrating a million samples of four channels (one tick = one sample per channel)
 * into a whole window and a segment, with no source or file in the way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MeterBench {

    private static final int SAMPLES = 1_000_000;

    private Sampler sampler;
    private EnergyMeter meter;
    private long now;

    /** Four GPUs with counters and power, readings precomputed. */
    static final class Synthetic implements PowerSource {
        private final List<Channel> channels = new ArrayList<>();
        private final List<Reading> readings = new ArrayList<>();
        private double joules;

        Synthetic() {
            for (int i = 0; i < 4; i++) {
                channels.add(new Channel("s:gpu" + i, DeviceKind.GPU, "synthetic", Provenance.MEASURED_NVML_COUNTER,
                        Provenance.MEASURED_NVML_POWER, true));
            }
        }

        public String id() {
            return "s";
        }

        public SourceStatus status() {
            return SourceStatus.available("s", "synthetic", List.of());
        }

        public List<Channel> channels() {
            return channels;
        }

        public List<Reading> read(long t) {
            joules += 25;
            readings.clear();
            for (int i = 0; i < 4; i++) {
                readings.add(Reading.counterAndPower(joules, 250 + i, 0));
            }
            return readings;
        }
    }

    @Setup(Level.Invocation)
    public void setUp() {
        sampler = new Sampler(List.of(new Synthetic()), Duration.ofMillis(100), () -> now += 100_000_000L);
        meter = new EnergyMeter(sampler, List.of());
        meter.begin("bench");
        meter.mark("segment");
    }

    /** A million ticks through the meter, then the window's result. */
    @Benchmark
    @OperationsPerInvocation(1)
    public org.carbonlab.power.Measurement integrateMillionSamples() {
        for (int i = 0; i < SAMPLES; i++) {
            sampler.sampleNow();
        }
        return meter.end();
    }
}
