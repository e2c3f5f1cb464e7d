package org.carbonlab.power.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.hardware.CpuIdentity;
import org.carbonlab.hardware.SpecpowerModels;
import org.carbonlab.power.Band;
import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.util.UserException;

/**
 * An estimate for where nothing can be measured (VMs, CI, most containers), by one of two models:
 * <ul>
 * <li>{@code specpower}: CPU energy = CPU time of the measured process tree x the per-thread full-load power of the
 * median SPECpower server of the CPU's generation (whole-server watts: memory, disks, fans and power supply losses
 * included, so RAM is shown but not added), with the band of that generation's servers; labelled
 * {@code estimated:specpower};</li>
 * <li>{@code tdp}: CPU energy = CPU time x TDP per core (the CPU catalog, or {@code --cpu-tdp-per-core}), RAM power =
 * W/GB x resident GB; labelled {@code estimated:tdp-model}, no band.</li>
 * </ul>
 * The assumptions are in {@link #status()}'s notes and travel with every result.
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
     * @param model           which model estimates ({@code tdpPerCoreWatts} given: always {@link Model#TDP})
     * @param cpu             the CPU's identity (the SPECpower model's generation), if known
     */
    public record Config(double tdpPerCoreWatts, double ramWattsPerGb, Optional<String> cpuModel, Model model,
                         Optional<CpuIdentity> cpu) {

        /** The TDP model's settings. */
        public Config(double tdpPerCoreWatts, double ramWattsPerGb, Optional<String> cpuModel) {
            this(tdpPerCoreWatts, ramWattsPerGb, cpuModel, Model.TDP, Optional.empty());
        }

        /** Validates the figures. */
        public Config {
            if (tdpPerCoreWatts <= 0 || Double.isInfinite(tdpPerCoreWatts)) {
                throw new UserException("TDP per core must be a positive number of watts, got "
                        + tdpPerCoreWatts);
            }
            if (ramWattsPerGb < 0 || Double.isInfinite(ramWattsPerGb)) {
                throw new UserException("RAM power must be >= 0 W/GB, got " + ramWattsPerGb);
            }
        }

        /** The defaults: the default model for this machine's CPU, 0.3725 W/GB. */
        public static Config defaults() {
            return forThisMachine(Double.NaN, DEFAULT_RAM_WATTS_PER_GB, Model.DEFAULT);
        }

        /** Settings for this machine's CPU (its model name and identity). */
        public static Config forThisMachine(double tdpPerCoreWatts, double ramWattsPerGb, Model model) {
            return new Config(tdpPerCoreWatts, ramWattsPerGb,
                    CpuCatalog.reportedModel(java.nio.file.Path.of("/proc/cpuinfo")), model,
                    Optional.of(CpuIdentity.ofThisMachine()));
        }

        /** These settings with {@code model} where one is given (a spec's {@code power.estimate}). */
        public Config withModel(Optional<Model> model) {
            return model.map(m -> new Config(tdpPerCoreWatts, ramWattsPerGb, cpuModel, m, cpu)).orElse(this);
        }

        /** The model in use: TDP wherever a TDP per core is given. */
        public Model effectiveModel() {
            return Double.isNaN(tdpPerCoreWatts) ? model : Model.TDP;
        }
    }

    /** Which model estimates. */
    public enum Model {
        /** The SPECpower servers of the CPU's generation, with their band. */
        SPECPOWER("specpower"),
        /** TDP per core, no band. */
        TDP("tdp");

        /** The default (README, "How energy is obtained", says why). */
        public static final Model DEFAULT = SPECPOWER;

        private final String id;

        Model(String id) {
            this.id = id;
        }

        /** Its spelling ({@code --estimate}, spec {@code power.estimate}). */
        public String id() {
            return id;
        }

        /** The model spelled {@code id}, or an error naming the valid ones. */
        public static Model of(String id) {
            return org.carbonlab.util.Names.byId(values(), Model::id, id, "estimate model");
        }
    }

    private final ProcessTree tree;
    private final double wattsPerCore;
    private final double ramWattsPerGb;
    private final List<Channel> channels = new ArrayList<>();
    /** The source's name. */
    private static final String ID = "estimate";
    /** The channel of the tree's resident memory. */
    private static final String RAM_CHANNEL = "estimate:ram";
    private final SourceStatus status;
    private final Band cpuBand;
    private final Band vmBand;
    private final WholeVm vm;
    /** The channel of the whole VM's energy under the SPECpower curve, shown beside the process's, not added. */
    public static final String VM_CHANNEL = "estimate:vm";

    /**
     * The W per busy core {@code config} gives or the catalog has for its CPU (its fallback when it has none); under
     * the SPECpower model, the median server's W per busy thread of the CPU's generation.
     */
    public static double wattsPerCore(Config config, CpuCatalog catalog) {
        if (config.effectiveModel() == Model.SPECPOWER) {
            return SpecpowerModels.load().forCpu(config.cpu().orElseGet(CpuIdentity::ofThisMachine)).full().median();
        }
        return perCore(config, catalog).watts();
    }

    /** The provenance of the figures {@code config}'s model gives. */
    public static Provenance provenance(Config config) {
        return config.effectiveModel() == Model.SPECPOWER ? Provenance.ESTIMATED_SPECPOWER
                : Provenance.ESTIMATED_TDP_MODEL;
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
        Setup s = config.effectiveModel() == Model.SPECPOWER ? specpower(tree, config, ramWattsPerGb)
                : tdp(config, catalog, ramWattsPerGb);
        wattsPerCore = s.wattsPerThread();
        cpuBand = s.cpuBand();
        vmBand = s.vmBand();
        vm = s.vm();
        channels.addAll(s.channels());
        status = s.status();
    }

    /**
     * What a model sets up: its price of a busy thread, its bands, the whole-VM reader (null: none), its channels and
     * its status with the assumptions.
     */
    private record Setup(double wattsPerThread, Band cpuBand, Band vmBand, WholeVm vm, List<Channel> channels,
                         SourceStatus status) {
    }

    /** The SPECpower model for the CPU of {@code config} (this machine's where it names none). */
    private static Setup specpower(ProcessTree tree, Config config, double ramWattsPerGb) {
        CpuIdentity cpu = config.cpu().orElseGet(CpuIdentity::ofThisMachine);
        SpecpowerModels.Model m = SpecpowerModels.load().forCpu(cpu);
        double watts = m.full().median();
        String generation = cpu.microarchitecture().map(CpuIdentity.Microarchitecture::name).orElse("not identified");
        String label = "SPECpower, " + (cpu.microarchitecture().isPresent() ? generation : "CPU not identified") + ", ";
        Band cpuBand = new Band(m.full().low() / watts, m.full().high() / watts, label + m.basis());
        List<String> notes = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        notes.add(fmt("CPU %s: %s. Model: the median of %s: %.3f W per busy hardware thread at 100 %% load"
                + " [band %.3f, %.3f]", config.cpuModel().orElse("unknown"), cpu.describe(), (m.fallback()
                        ? "the generations' medians, " : "") + m.basis(), watts, m.full().low(), m.full().high()));
        if (m.fallback()) {
            notes.add("WARNING: the CPU's generation is " + (cpu.microarchitecture().isPresent()
                    ? "one without SPECpower results" : "not in carbonlab's table (" + cpu.describe() + ")")
                    + ": the central band of every generation's servers applies, far wider than a generation's");
        }
        notes.add("CPU energy = CPU-seconds of the measured process tree x that figure: each busy thread draws its"
                + " share of a fully loaded server of this generation (CPU, memory, disks, fans, power supply"
                + " losses: SPECpower meters the whole server at the wall); the machine's idle threads and other"
                + " tenants are not attributed. An estimate, not a measurement; " + SpecpowerModels.VERSION);
        channels.add(new Channel(CPU_CHANNEL, DeviceKind.CPU, fmt("%s; SPECpower %s, %.3f W per busy thread",
                generation, m.generation(), watts), Provenance.ESTIMATED_SPECPOWER, null, true));
        if (ramWattsPerGb > 0) {
            notes.add(fmt("RAM: resident memory x %.4f W/GB shown for reference, not added: SPECpower's server"
                    + " watts include memory", ramWattsPerGb));
            channels.add(new Channel(RAM_CHANNEL, DeviceKind.RAM, fmt("resident memory x %.4f W/GB (in the CPU"
                    + " figure's whole-server watts)", ramWattsPerGb), null, Provenance.ESTIMATED_SPECPOWER, false));
        }
        Band vmBand = new Band(Math.min(m.idle().low() / m.idle().median(), m.full().low() / m.full().median()),
                Math.max(m.idle().high() / m.idle().median(), m.full().high() / m.full().median()),
                label + m.basis(true));
        notes.add(fmt("Whole VM (channel %s, shown, not added): every vCPU at %.3f W idle per thread plus %.3f W for"
                + " each busy CPU-second of the whole machine (/proc/stat), as Cloud Carbon Footprint attributes an"
                + " instance: what the VM is responsible for, the measured processes or not", VM_CHANNEL,
                m.idle().median(), m.full().median() - m.idle().median()));
        channels.add(new Channel(VM_CHANNEL, DeviceKind.PLATFORM, fmt("the whole VM, %d vCPUs on the SPECpower curve"
                + " (%.3f W idle to %.3f W busy per thread); attribution: whole VM", cpu.vcpus(), m.idle().median(),
                m.full().median()), Provenance.ESTIMATED_SPECPOWER, null, false));
        return new Setup(watts, cpuBand, vmBand, new WholeVm(tree.proc(), m.idle().median(), m.full().median()),
                channels, SourceStatus.available(ID, "CPU-time x SPECpower model (" + m.generation() + ");"
                + " attribution: the process (its busy threads), the whole VM shown beside it", notes));
    }

    /** The TDP model: the catalog's (or the configured) TDP per core, RAM at W/GB, no band. */
    private static Setup tdp(Config config, CpuCatalog catalog, double ramWattsPerGb) {
        List<String> notes = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        String model = config.cpuModel().orElse("unknown");
        PerCore perCore = perCore(config, catalog);
        notes.add(perCore.note());
        notes.add("CPU energy = CPU-seconds of the measured process tree x W per core: a busy core is assumed to"
                + " draw TDP/cores; idle, uncore and other tenants' power is not attributed. An estimate, not a"
                + " measurement.");
        channels.add(new Channel(CPU_CHANNEL, DeviceKind.CPU, fmt("%s, %.2f W per busy core", model,
                perCore.watts()), Provenance.ESTIMATED_TDP_MODEL, null, true));
        if (ramWattsPerGb > 0) {
            notes.add(fmt("RAM power = %.4f W per GB (10^9 bytes) of resident memory of the tree"
                    + " (Green Algorithms' memoryPower)", ramWattsPerGb));
            channels.add(new Channel(RAM_CHANNEL, DeviceKind.RAM, fmt("resident memory x %.4f W/GB", ramWattsPerGb),
                    null, Provenance.ESTIMATED_TDP_MODEL, true));
        }
        return new Setup(perCore.watts(), null, null, null, channels, SourceStatus.available(ID,
                "CPU-time x TDP model over " + (channels.size() == 2 ? "CPU and RAM" : "CPU"), notes));
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Returns the W per busy core (thread, under SPECpower) in use. */
    public double wattsPerCore() {
        return wattsPerCore;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Band> band(String channelId) {
        if (channelId.equals(VM_CHANNEL) && vmBand != null) {
            return Optional.of(vm.band(vmBand));
        }
        return channelId.equals(CPU_CHANNEL) ? Optional.ofNullable(cpuBand) : Optional.empty();
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
        if (vm != null) {
            vm.close();
        }
    }

    @Override
    public List<Reading> read(long monotonicNanos) {
        List<Reading> out = new ArrayList<>();
        ProcessTree.Usage u;
        try {
            u = tree.usage();
            out.add(Reading.counter(u.cpuSeconds() * wattsPerCore, 0));
            if (ramWattsPerGb > 0) {
                out.add(Reading.power(u.residentBytes() / 1e9 * ramWattsPerGb));
            }
        } catch (RuntimeException e) {
            String why = "cannot read the process tree: " + e.getMessage();
            out.add(Reading.failed(why));
            if (ramWattsPerGb > 0) {
                out.add(Reading.failed(why));
            }
        }
        if (vm != null) {
            out.add(vm.read(monotonicNanos));
        }
        return out;
    }
}
