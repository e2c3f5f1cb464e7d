package org.carbonlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.carbonlab.power.PowerSource;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Reading;
import org.carbonlab.power.Sampler;
import org.carbonlab.power.Tick;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.hardware.Nvml;
import org.carbonlab.power.source.NvmlSource;
import org.carbonlab.power.source.ProcessTree;
import org.carbonlab.power.source.RaplSource;
import org.carbonlab.power.source.ReplaySource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one read of each power source costs, and what one sampler tick costs (all sources read, derived power,
 * the trace row written): the sampler's overhead is a tick's cost divided by the interval (100 ms by default).
 *
 * <p>RAPL reads a fake powercap tree of five domains on the local file system as the lab reads sysfs (each file kept
 * open and read again from its start: a positioned read each); NVML runs on a constant in-process binding, so it measures carbonlab's side
 * only (a real {@code nvmlDeviceGetTotalEnergyConsumption} adds the driver's cost, measurable only on a GPU host).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PowerSourceBench {

    private Path dir;
    private RaplSource rapl;
    private NvmlSource nvml;
    private EstimateSource estimate;
    private ReplaySource replay;
    private Sampler sampler;
    private long t;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("carbonlab-bench");
        Path powercap = dir.resolve("powercap");
        String[][] domains = {{"intel-rapl:0", "package-0"}, {"intel-rapl:0:0", "core"}, {"intel-rapl:0:1", "uncore"},
                {"intel-rapl:0:2", "dram"}, {"intel-rapl:1", "psys"}};
        for (String[] d : domains) {
            Path p = Files.createDirectories(powercap.resolve(d[0]));
            Files.writeString(p.resolve("name"), d[1] + "\n");
            Files.writeString(p.resolve("energy_uj"), "123456789\n");
            Files.writeString(p.resolve("max_energy_range_uj"), "262143328850\n");
        }
        rapl = new RaplSource(powercap, RaplSource.keptOpen()); // as the lab reads: files kept open
        nvml = new NvmlSource(ConstantNvml::new);
        estimate = new EstimateSource(new ProcessTree(true),
                new EstimateSource.Config(Double.NaN, EstimateSource.DEFAULT_RAM_WATTS_PER_GB,
                        CpuCatalog.reportedModel(Path.of("/proc/cpuinfo"))), CpuCatalog.load());
        // a one-minute trace to replay
        Path trace = dir.resolve("trace.csv");
        Sampler rec = new Sampler(List.of(nvml), Duration.ofMillis(100), new java.util.function.LongSupplier() {
            long now;

            public long getAsLong() {
                return now += 100_000_000L;
            }
        });
        rec.addListener(PowerTrace.writer(trace, rec.wallClockOrigin()));
        for (int i = 0; i < 600; i++) {
            rec.sampleNow();
        }
        rec.close();
        replay = new ReplaySource(trace);
        sampler = new Sampler(List.<PowerSource>of(estimate, rapl), Duration.ofMillis(100));
        sampler.addListener(PowerTrace.writer(dir.resolve("sampler.csv"), sampler.wallClockOrigin()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sampler.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Five RAPL domains: five small sysfs-like files. */
    @Benchmark
    public List<Reading> raplRead() {
        return rapl.read(0);
    }

    /** One GPU over a constant binding: carbonlab's side of an NVML read. */
    @Benchmark
    public List<Reading> nvmlRead() {
        return nvml.read(0);
    }

    /** The estimate: this JVM's tree (CPU time and resident size) from its kept-open stat files. */
    @Benchmark
    public List<Reading> estimateRead() {
        return estimate.read(0);
    }

    /** A replayed trace: a binary search over recorded ticks. */
    @Benchmark
    public List<Reading> replayRead() {
        t += 37_000_000L;
        if (t > 50_000_000_000L) {
            t = 0;
        }
        return replay.read(t);
    }

    /** One sampler tick over the estimate and RAPL, with the trace row written and flushed. */
    @Benchmark
    public Tick samplerTick() {
        return sampler.sampleNow();
    }

    /** A binding that answers at once with constant values. */
    static final class ConstantNvml implements Nvml {
        private long mj;

        public String driverVersion() {
            return "constant";
        }

        public int deviceCount() {
            return 1;
        }

        public String name(int i) {
            return "constant GPU";
        }

        public String uuid(int i) {
            return "GPU-constant";
        }

        public long enforcedPowerLimitMilliwatts(int i) {
            return 700_000;
        }

        public long managementPowerLimitMilliwatts(int i) {
            return 700_000;
        }

        public long totalEnergyMillijoules(int i) {
            return mj += 25;
        }

        public long instantPowerMilliwatts(int i) {
            return 250_000;
        }

        public long powerUsageMilliwatts(int i) {
            return 250_000;
        }

        public void close() {
        }
    }

}
