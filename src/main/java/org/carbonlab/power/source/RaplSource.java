package org.carbonlab.power.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.hardware.KernelFile;

/**
 * RAPL energy counters from the Linux powercap tree ({@code /sys/class/powercap/intel-rapl:*}; AMD Zen uses the same
 * names). Every domain becomes a channel; the total sums the {@code package-N} domains and {@code dram}, never
 * {@code core}/{@code uncore} (contained in their package) nor {@code psys} (which contains the packages) unless
 * there is no package domain. Counters wrap at {@code max_energy_range_uj}; the source accumulates the deltas, so
 * it must be read at least once per wrap period (minutes at full load; the sampler reads every 100 ms).
 */
public final class RaplSource implements PowerSource {

    /** The default powercap root. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

    /** Reads a sysfs file as text; tests substitute one that fails as the kernel would. */
    @FunctionalInterface
    public interface SysfsReader {
        /** Returns the trimmed content of {@code file}. */
        String read(Path file) throws IOException;

        /** Returns the content of {@code file} as a decimal number (the counters, read at every tick). */
        default long readLong(Path file) throws IOException {
            return Long.parseLong(read(file));
        }
    }

    /**
     * The reader of the real powercap tree: each file is opened once and read again from its start at every read
     * (sysfs makes an attribute's text anew for each read at offset 0), and a counter is parsed from its bytes; the
     * sampler reads every domain ten times a second.
     */
    public static SysfsReader keptOpen() {
        return new KeptOpen();
    }

    private static final class KeptOpen implements SysfsReader {
        private final java.util.Map<Path, KernelFile> open = new java.util.HashMap<>();

        @Override
        public String read(Path file) throws IOException {
            return Files.readString(file).trim();
        }

        @Override
        public long readLong(Path file) throws IOException {
            KernelFile f = open.get(file);
            if (f == null) {
                f = new KernelFile(file, 64); // AccessDeniedException where energy_uj is root-only
                open.put(file, f);
            }
            int n = f.read();
            byte[] b = f.bytes();
            long v = 0;
            int digits = 0;
            for (int i = 0; i < n; i++) {
                if (b[i] >= '0' && b[i] <= '9') {
                    v = v * 10 + (b[i] - '0');
                    digits++;
                } else if (b[i] != '\n' && b[i] != ' ') {
                    throw new NumberFormatException("not a counter in " + file);
                }
            }
            if (digits == 0) {
                throw new NumberFormatException("empty counter in " + file);
            }
            return v;
        }

        void close() {
            open.values().forEach(KernelFile::close);
            open.clear();
        }
    }

    /** Closes the counter files it keeps open. */
    @Override
    public void close() {
        if (reader instanceof KeptOpen k) {
            k.close();
        }
    }

    private final List<Domain> domains = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final SourceStatus status;
    private final SysfsReader reader;

    private static final class Domain {
        final Path dir;
        final Path energy;
        final String name;
        final long maxRangeMicroJ;
        long lastRaw;
        long accumulatedMicroJ;

        Domain(Path dir, String name, long maxRange, long raw) {
            this.dir = dir;
            this.energy = dir.resolve("energy_uj");
            this.name = name;
            this.maxRangeMicroJ = maxRange;
            this.lastRaw = raw;
        }
    }

    /** Opens the RAPL domains under the default root. */
    public RaplSource() {
        this(DEFAULT_ROOT);
    }

    /** Opens the RAPL domains under {@code root}, reading their counters from files kept open. */
    public RaplSource(Path root) {
        this(root, keptOpen());
    }

    /** Opens the RAPL domains under {@code root} (a fake tree in tests), reading files with {@code reader}. */
    public RaplSource(Path root, SysfsReader reader) {
        this.reader = reader;
        this.status = probe(root);
    }

    private SourceStatus probe(Path root) {
        if (!Files.isDirectory(root)) {
            return SourceStatus.unavailable(id(), "no powercap tree at " + root
                    + " (this kernel or VM exposes no RAPL; virtual machines and most containers hide it)");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("intel-rapl:"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            return SourceStatus.unavailable(id(), "cannot list " + root + ": " + e.getMessage());
        }
        if (dirs.isEmpty()) {
            return SourceStatus.unavailable(id(), "no intel-rapl:* domains under " + root
                    + " (the intel_rapl_common / rapl driver is not loaded, or the CPU has no RAPL)");
        }
        List<String> notes = new ArrayList<>();
        String firstDenied = null;
        for (Path dir : dirs) {
            try {
                String name = reader.read(dir.resolve("name"));
                long raw = Long.parseLong(reader.read(dir.resolve("energy_uj")));
                long max = Long.parseLong(reader.read(dir.resolve("max_energy_range_uj")));
                domains.add(new Domain(dir, name, max, raw));
            } catch (AccessDeniedException e) {
                firstDenied = firstDenied != null ? firstDenied : e.getFile();
                notes.add(dir.getFileName() + ": permission denied on " + e.getFile());
            } catch (NoSuchFileException e) {
                notes.add(dir.getFileName() + ": missing " + e.getFile() + " (domain skipped)");
            } catch (IOException | NumberFormatException e) {
                notes.add(dir.getFileName() + ": unreadable (" + e + ", domain skipped)");
            }
        }
        if (domains.isEmpty()) {
            if (firstDenied != null) {
                return SourceStatus.unavailable(id(), "RAPL counters not readable at " + firstDenied
                        + " (permission denied; energy_uj is root-only since Linux 5.10): run as root, or"
                        + " 'sudo chmod a+r " + root + "/intel-rapl:*/energy_uj', or use --source estimate");
            }
            return SourceStatus.unavailable(id(), "no readable RAPL domain under " + root + ": " + notes);
        }
        boolean hasPackage = domains.stream().anyMatch(d -> d.name.startsWith("package"));
        List<String> summed = new ArrayList<>();
        for (Domain d : domains) {
            DeviceKind kind = kindOf(d.name);
            boolean inTotal = kind == DeviceKind.CPU || kind == DeviceKind.DRAM
                    || (kind == DeviceKind.PLATFORM && !hasPackage);
            String domainId = d.dir.getFileName().toString().substring("intel-rapl:".length());
            String id = "rapl:" + d.name + (isTopLevelName(d.name) ? "" : "-" + domainId);
            channels.add(new Channel(id, kind, d.name + " (" + d.dir + ")", Provenance.MEASURED_RAPL, null, inTotal));
            if (inTotal) {
                summed.add(id);
            }
        }
        notes.add(0, "total sums " + summed + "; core/uncore are inside their package"
                + (hasPackage ? ", psys contains the packages" : "") + " and are not added");
        return SourceStatus.available(id(), domains.size() + " RAPL domains: "
                + channels.stream().map(Channel::id).toList(), notes);
    }

    private static boolean isTopLevelName(String name) {
        return name.startsWith("package") || name.equals("psys");
    }

    private static DeviceKind kindOf(String name) {
        if (name.startsWith("package")) {
            return DeviceKind.CPU;
        }
        return switch (name) {
            case "core" -> DeviceKind.CPU_CORE;
            case "uncore" -> DeviceKind.CPU_UNCORE;
            case "dram" -> DeviceKind.DRAM;
            case "psys" -> DeviceKind.PLATFORM;
            default -> DeviceKind.CPU_UNCORE;
        };
    }

    @Override
    public String id() {
        return "rapl";
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
    public List<Reading> read(long monotonicNanos) {
        List<Reading> out = new ArrayList<>(domains.size());
        for (Domain d : domains) {
            Path file = d.energy;
            try {
                long raw = reader.readLong(file);
                long delta = delta(d.lastRaw, raw, d.maxRangeMicroJ);
                d.lastRaw = raw;
                d.accumulatedMicroJ += delta;
                out.add(Reading.counter(d.accumulatedMicroJ / 1e6, 0));
            } catch (AccessDeniedException e) {
                out.add(Reading.failed("permission denied reading " + file));
            } catch (IOException | NumberFormatException e) {
                out.add(Reading.failed("cannot read " + file + ": " + e));
            }
        }
        return out;
    }

    /** The microjoules a counter that wraps at {@code maxRange} counted from {@code last} to {@code raw}. */
    static long delta(long last, long raw, long maxRange) {
        return raw >= last ? raw - last : maxRange - last + raw;
    }
}
