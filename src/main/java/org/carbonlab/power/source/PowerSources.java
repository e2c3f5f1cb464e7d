package org.carbonlab.power.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.PowerException;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.hardware.JnaNvml;

/**
 * Discovers and opens power sources by name: {@code auto}, {@code rapl}, {@code nvml}, {@code host},
 * {@code host:PATH}, {@code estimate}, {@code replay:FILE}.
 *
 * <p>{@code auto} opens RAPL and NVML where they can read; where RAPL cannot, a hypervisor-side exporter's energy of
 * this VM ({@link HostSource}) at its known mount points, and the estimate for the CPU and RAM where there is none;
 * sources that cannot read are kept in the statuses with their reasons. A source named explicitly must be able to
 * read, or opening fails with its reason and what to use instead.
 */
public final class PowerSources {

    /** The names accepted besides {@code replay:FILE}. */
    public static final List<String> NAMES = List.of("auto", "rapl", "nvml", "host", "estimate");
    /** The valid names, in words, for a message about one that is not. */
    public static final String VALID = NAMES + ", host:PATH or replay:FILE";

    /** Whether {@code name} names a source: one of {@link #NAMES}, {@code host:PATH} or {@code replay:FILE}. */
    public static boolean known(String name) {
        return NAMES.contains(name) || hostPath(name).isPresent() || argument(name, "replay:").isPresent();
    }

    /** The path of a {@code host:PATH} name, if it is one. */
    public static java.util.Optional<Path> hostPath(String name) {
        return argument(name, "host:").map(Path::of);
    }

    private static java.util.Optional<String> argument(String name, String prefix) {
        return name.startsWith(prefix) && name.length() > prefix.length()
                ? java.util.Optional.of(name.substring(prefix.length())) : java.util.Optional.empty();
    }

    private PowerSources() {
    }

    /**
     * Where sources look.
     *
     * @param powercapRoot the powercap sysfs root (RAPL)
     * @param nvml         how to load NVML
     * @param estimate     the estimate's assumptions
     * @param tree         the process tree whose CPU time the estimate counts
     * @param hostPaths    where {@code host} and {@code auto} look for a hypervisor-side exporter
     */
    public record Options(Path powercapRoot, NvmlSource.Loader nvml, EstimateSource.Config estimate,
                          java.util.function.Supplier<ProcessTree> tree, List<Path> hostPaths) {

        /** Options that look for an exporter at its known mount points ({@link HostSource#KNOWN_PATHS}). */
        public Options(Path powercapRoot, NvmlSource.Loader nvml, EstimateSource.Config estimate,
                       java.util.function.Supplier<ProcessTree> tree) {
            this(powercapRoot, nvml, estimate, tree, HostSource.KNOWN_PATHS);
        }

        /**
         * This machine's sources: RAPL under {@code powercapRoot}, NVML through JNA, the estimate with
         * {@code tdpPerCoreWatts} (NaN: from the CPU catalog for the model in /proc/cpuinfo) and
         * {@code ramWattsPerGb}, over this process's tree ({@code includeSelf}) or only the children it tracks.
         */
        public static Options of(Path powercapRoot, double tdpPerCoreWatts, double ramWattsPerGb,
                                 boolean includeSelf) {
            return of(powercapRoot, tdpPerCoreWatts, ramWattsPerGb, includeSelf, EstimateSource.Model.DEFAULT);
        }

        /** {@link #of(Path, double, double, boolean)} with the estimate's {@code model}. */
        public static Options of(Path powercapRoot, double tdpPerCoreWatts, double ramWattsPerGb,
                                 boolean includeSelf, EstimateSource.Model model) {
            return new Options(powercapRoot, JnaNvml::new, EstimateSource.Config.forThisMachine(tdpPerCoreWatts,
                    ramWattsPerGb, model), () -> new ProcessTree(includeSelf));
        }
    }

    /**
     * The opened sources and what every probed source said.
     *
     * @param sources  sources that can read, to sample
     * @param statuses every probed source's status, readable or not
     */
    public record Selection(List<PowerSource> sources, List<SourceStatus> statuses) implements AutoCloseable {

        /** Per channel id, the band of every channel whose source gave one (an estimate's). */
        public java.util.Map<String, org.carbonlab.power.Band> bands() {
            java.util.Map<String, org.carbonlab.power.Band> bands = new java.util.LinkedHashMap<>();
            sources.forEach(s -> s.channels().forEach(c -> s.band(c.id()).ifPresent(b -> bands.put(c.id(), b))));
            return bands;
        }

        /** Closes every source. */
        @Override
        public void close() {
            for (PowerSource s : sources) {
                s.close();
            }
        }
    }

    /** Probes RAPL, NVML, a host exporter and the estimate, for {@code carbonlab sensors}; the caller closes them. */
    public static List<PowerSource> probeAll(Options options) {
        return List.of(new RaplSource(options.powercapRoot()),
                new NvmlSource(options.nvml()), HostSource.firstOf(options.hostPaths()), estimate(options));
    }

    /** Opens the sources named in {@code names} (comma-separated names are accepted too). */
    public static Selection open(List<String> names, Options options) {
        List<PowerSource> use = new ArrayList<>();
        List<SourceStatus> statuses = new ArrayList<>();
        try {
            for (String raw : names) {
                for (String name : raw.split(",")) {
                    openOne(name.trim(), options, use, statuses);
                }
            }
        } catch (RuntimeException e) {
            use.forEach(PowerSource::close);
            throw e;
        }
        if (use.isEmpty()) {
            throw new PowerException("no power source can read here: " + statuses.stream()
                    .map(s -> s.source() + ": " + s.detail()).toList() + "; use --source estimate");
        }
        return new Selection(List.copyOf(use), List.copyOf(statuses));
    }

    private static void openOne(String name, Options o, List<PowerSource> use, List<SourceStatus> statuses) {
        if (name.equals("auto")) {
            PowerSource rapl = rapl(o);
            PowerSource nvml = new NvmlSource(o.nvml());
            keepIfAvailable(rapl, use, statuses);
            keepIfAvailable(nvml, use, statuses);
            if (!rapl.status().available()) {
                HostSource host = HostSource.firstOf(o.hostPaths());
                keepIfAvailable(host, use, statuses);
                if (!host.status().available()) {
                    keepIfAvailable(estimate(o), use, statuses);
                }
            }
            return;
        }
        PowerSource s;
        if (name.equals("rapl")) {
            s = rapl(o);
        } else if (name.equals("nvml")) {
            s = new NvmlSource(o.nvml());
        } else if (name.equals("host")) {
            s = HostSource.firstOf(o.hostPaths());
        } else if (hostPath(name).isPresent()) {
            s = new HostSource(hostPath(name).get());
        } else if (name.equals("estimate")) {
            s = estimate(o);
        } else if (argument(name, "replay:").isPresent()) {
            s = new ReplaySource(Path.of(argument(name, "replay:").get()));
        } else {
            throw new PowerException("unknown power source '" + name + "'; valid: " + VALID);
        }
        if (!s.status().available()) {
            s.close();
            throw new PowerException("power source '" + name + "' cannot read: " + s.status().detail()
                    + (name.equals("estimate") ? "" : "; use --source auto or --source estimate"));
        }
        use.add(s);
        statuses.add(s.status());
    }

    private static void keepIfAvailable(PowerSource s, List<PowerSource> use, List<SourceStatus> statuses) {
        statuses.add(s.status());
        if (s.status().available()) {
            use.add(s);
        } else {
            s.close();
        }
    }

    private static RaplSource rapl(Options o) {
        return new RaplSource(o.powercapRoot());
    }

    private static PowerSource estimate(Options o) {
        ProcessTree tree;
        try {
            tree = o.tree().get();
        } catch (RuntimeException e) {
            return new UnavailableSource("estimate", "cannot read process CPU time from /proc: " + e.getMessage());
        }
        return new EstimateSource(tree, o.estimate(), CpuCatalog.load());
    }

    /** A source that could not even be constructed; it only carries its reason. */
    private record UnavailableSource(String id, String reason) implements PowerSource {
        @Override
        public SourceStatus status() {
            return SourceStatus.unavailable(id, reason);
        }

        @Override
        public List<org.carbonlab.power.Channel> channels() {
            return List.of();
        }

        @Override
        public List<org.carbonlab.power.Reading> read(long monotonicNanos) {
            return List.of();
        }
    }
}
