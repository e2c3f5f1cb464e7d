package org.carbonlab.power.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.SourceStatus;

/**
 * An estimate for where nothing can be measured (VMs, CI, most containers): CPU energy = CPU time of the measured
 * process tree x TDP per core, RAM power = W/GB x resident GB. Labelled {@code estimated:tdp-model}; the
 * assumptions are in {@link #status()}'s notes and travel with every result.
 */
public final class EstimateSource implements PowerSource {

    /** Green Algorithms' memory power, W per GB (Lannelongue et al. 2021, referenceValues.csv). */
    public static final double DEFAULT_RAM_WATTS_PER_GB = 0.3725;
    /** The channel of the tree's CPU energy: its counter is the tree's CPU-seconds times the W per busy core. */
    public static final String CPU_CHANNEL = "estimate:cpu";

    /**
     * How to estimate.
     *
     * @param tdpPerCoreWatts W per busy core; {@code NaN} to look the CPU up in the catalog
     * @param ramWattsPerGb   W per GB (10^9 bytes) of resident memory; {@code NaN} or 0 to leave RAM out
     * @param cpuModel        the CPU model as reported by the kernel, if known
     */
    public record Config(double tdpPerCoreWatts, double ramWattsPerGb, Optional<String> cpuModel) {

        /** Validates the figures. */
        public Config {
            if (tdpPerCoreWatts <= 0 || Double.isInfinite(tdpPerCoreWatts)) {
                throw new IllegalArgumentException("TDP per core must be a positive number of watts, got "
                        + tdpPerCoreWatts);
            }
            if (ramWattsPerGb < 0 || Double.isInfinite(ramWattsPerGb)) {
                throw new IllegalArgumentException("RAM power must be >= 0 W/GB, got " + ramWattsPerGb);
            }
        }

        /** The defaults: CPU from the catalog, 0.3725 W/GB, this machine's CPU model. */
        public static Config defaults() {
            return new Config(Double.NaN, DEFAULT_RAM_WATTS_PER_GB,
                    CpuCatalog.reportedModel(java.nio.file.Path.of("/proc/cpuinfo")));
        }
    }

    private final ProcessTree tree;
    private final double wattsPerCore;
    private final double ramWattsPerGb;
    private final List<Channel> channels = new ArrayList<>();
    private final SourceStatus status;

    /** The W per busy core {@code config} gives or the catalog has for its CPU (its fallback when it has none). */
    public static double wattsPerCore(Config config, CpuCatalog catalog) {
        return perCore(config, catalog).watts();
    }

    /** W per busy core and where the figure comes from (a note for the source's status). */
    private record PerCore(double watts, String note) {
    }

    private static PerCore perCore(Config config, CpuCatalog catalog) {
        String model = config.cpuModel().orElse("unknown");
        if (!Double.isNaN(config.tdpPerCoreWatts())) {
            return new PerCore(config.tdpPerCoreWatts(), fmt("CPU %s: %.2f W per core, as configured", model,
                    config.tdpPerCoreWatts()));
        }
        Optional<CpuCatalog.Cpu> hit = config.cpuModel().flatMap(catalog::find);
        if (hit.isPresent()) {
            CpuCatalog.Cpu c = hit.get();
            return new PerCore(c.tdpPerCoreWatts(), fmt("CPU %s: catalog entry '%s', TDP %.0f W / %d cores = %.2f W"
                    + " per core (%s)", model, c.model(), c.tdpWatts(), c.cores(), c.tdpPerCoreWatts(), c.source()));
        }
        double w = catalog.fallback().tdpPerCoreWatts();
        return new PerCore(w, fmt("WARNING: CPU model '%s' is not in the catalog (VMs often report only a family);"
                + " assuming %.2f W per core (%s). Set the TDP per core of the real CPU for a better"
                + " estimate (--cpu-tdp-per-core W)", model, w, catalog.fallback().source()));
    }

    /** Estimates the energy of {@code tree} with {@code config}, looking the CPU up in {@code catalog}. */
    public EstimateSource(ProcessTree tree, Config config, CpuCatalog catalog) {
        this.tree = tree;
        this.ramWattsPerGb = Double.isNaN(config.ramWattsPerGb()) ? 0 : config.ramWattsPerGb();
        List<String> notes = new ArrayList<>();
        String model = config.cpuModel().orElse("unknown");
        PerCore perCore = perCore(config, catalog);
        wattsPerCore = perCore.watts();
        notes.add(perCore.note());
        notes.add("CPU energy = CPU-seconds of the measured process tree x W per core: a busy core is assumed to"
                + " draw TDP/cores; idle, uncore and other tenants' power is not attributed. An estimate, not a"
                + " measurement.");
        channels.add(new Channel(CPU_CHANNEL, DeviceKind.CPU, fmt("%s, %.2f W per busy core", model, wattsPerCore),
                Provenance.ESTIMATED_TDP_MODEL, null, true));
        if (ramWattsPerGb > 0) {
            notes.add(fmt("RAM power = %.4f W per GB (10^9 bytes) of resident memory of the tree"
                    + " (Green Algorithms' memoryPower)", ramWattsPerGb));
            channels.add(new Channel("estimate:ram", DeviceKind.RAM, fmt("resident memory x %.4f W/GB", ramWattsPerGb),
                    null, Provenance.ESTIMATED_TDP_MODEL, true));
        }
        status = SourceStatus.available(id(), "CPU-time x TDP model over " + (channels.size() == 2 ? "CPU and RAM"
                : "CPU"), notes);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Returns the W per busy core in use. */
    public double wattsPerCore() {
        return wattsPerCore;
    }

    @Override
    public String id() {
        return "estimate";
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    @Override
    public void track(long pid) {
        tree.track(pid);
    }

    /** Closes the process tree's open stat files. */
    @Override
    public void close() {
        tree.close();
    }

    @Override
    public List<Reading> read(long monotonicNanos) {
        ProcessTree.Usage u;
        try {
            u = tree.usage();
        } catch (RuntimeException e) {
            String why = "cannot read the process tree: " + e.getMessage();
            return channels.size() == 2 ? List.of(Reading.failed(why), Reading.failed(why))
                    : List.of(Reading.failed(why));
        }
        Reading cpu = Reading.counter(u.cpuSeconds() * wattsPerCore, 0);
        if (channels.size() == 1) {
            return List.of(cpu);
        }
        return List.of(cpu, Reading.power(u.residentBytes() / 1e9 * ramWattsPerGb));
    }
}
