package org.carbonlab.power.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.SourceStatus;

/**
 * This VM's energy as a hypervisor-side exporter provides it inside the guest, labelled {@code measured:host-exporter}:
 * the host measures (RAPL on the host) and attributes to the VM; the guest reads. Two forms:
 * <ul>
 * <li>a powercap-like tree, as Scaphandre's QEMU exporter writes one per VM and the guest mounts it (its documentation
 * mounts it at {@code /var/scaphandre}): {@code PATH/intel-rapl:N/energy_uj}, or {@code PATH/energy_uj} itself; an
 * optional {@code max_energy_range_uj} beside it is where the counter wraps, and without it a counter that goes back
 * is an error (the exporter restarted), not a wrap;</li>
 * <li>a file of watts, as PowerJoular's VM mode reads one that the host writes: {@code WATTS}, or {@code EPOCH_SECONDS
 * WATTS} (space or comma); without a timestamp the file's modification time is its time. A value older than
 * {@link #STALE_AFTER_SECONDS} is stale: the exporter stopped writing, and the reading is refused, not held.</li>
 * </ul>
 * The attribution is the whole VM's, whatever the host's rule (Scaphandre's: the VM's share of host CPU time).
 */
public final class HostSource implements PowerSource {

    /** Where an exporter's tree is mounted by default (Scaphandre's guest documentation), for {@code auto}/sensors. */
    public static final List<Path> KNOWN_PATHS = List.of(Path.of("/var/scaphandre"));
    /** A power file's value older than this (seconds) is stale. */
    public static final double STALE_AFTER_SECONDS = 5;

    private static final String ID = "host";

    private final Path path;
    private final LongSupplier wallMillis;
    private final List<Counter> counters = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final boolean powerFile;
    private final SourceStatus status;

    /** One energy counter of the tree. */
    private static final class Counter {
        final Path file;
        final long maxRangeMicroJ; // 0: not given, a counter going back is an error
        long last;
        long accumulatedMicroJ;

        Counter(Path file, long maxRange, long first) {
            this.file = file;
            this.maxRangeMicroJ = maxRange;
            this.last = first;
        }
    }

    /** Opens the exporter at {@code path} (a tree or a power file), stale by the system clock. */
    public HostSource(Path path) {
        this(path, System::currentTimeMillis);
    }

    /** Opens the exporter at {@code path}; {@code wallMillis} is the clock a power file's age is read against. */
    public HostSource(Path path, LongSupplier wallMillis) {
        this.path = path;
        this.wallMillis = wallMillis;
        this.powerFile = Files.isRegularFile(path);
        this.status = powerFile ? probeFile() : probeTree();
    }

    /** The first of {@code paths} where an exporter can be read, else the status of the first (none there). */
    public static HostSource firstOf(List<Path> paths) {
        HostSource first = null;
        for (Path p : paths) {
            HostSource s = new HostSource(p);
            if (s.status().available()) {
                return s;
            }
            first = first == null ? s : first;
        }
        return first;
    }

    private SourceStatus probeFile() {
        try {
            double[] v = parse(Files.readString(path), Files.getLastModifiedTime(path).toMillis());
            String late = lateness(v[0]);
            if (late != null) {
                return SourceStatus.unavailable(ID, "the power file " + path + " " + late);
            }
            channels.add(channel("host:power", "the VM's power in watts from " + path));
            return SourceStatus.available(ID, "power file " + path, List.of(String.format(Locale.ROOT,
                    "%.2f W at probe; a value older than %.0f s is refused as stale; attribution: the whole VM, as"
                    + " the host attributes it", v[1], STALE_AFTER_SECONDS)));
        } catch (IOException | IllegalArgumentException e) {
            return SourceStatus.unavailable(ID, "cannot read the power file " + path + ": " + e.getMessage());
        }
    }

    private SourceStatus probeTree() {
        if (!Files.isDirectory(path)) {
            return SourceStatus.unavailable(ID, "no host exporter at " + path + " (no energy tree or power file;"
                    + " a hypervisor-side exporter such as Scaphandre's QEMU exporter must share it with this VM)");
        }
        List<Path> dirs = new ArrayList<>();
        if (Files.exists(path.resolve("energy_uj"))) {
            dirs.add(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            s.filter(p -> p.getFileName().toString().startsWith("intel-rapl:") && Files.exists(p.resolve("energy_uj")))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).forEach(dirs::add);
        } catch (IOException e) {
            return SourceStatus.unavailable(ID, "cannot list " + path + ": " + e.getMessage());
        }
        if (dirs.isEmpty()) {
            return SourceStatus.unavailable(ID, "no energy_uj under " + path + " (neither " + path.resolve("energy_uj")
                    + " nor intel-rapl:N/energy_uj): not an exporter's energy tree");
        }
        for (Path dir : dirs) {
            try {
                long first = counter(dir.resolve("energy_uj"));
                Path max = dir.resolve("max_energy_range_uj");
                long range = Files.exists(max) ? counter(max) : 0;
                if (range > 0 && first > range) {
                    throw new IllegalArgumentException("energy_uj " + first + " exceeds max_energy_range_uj " + range);
                }
                counters.add(new Counter(dir.resolve("energy_uj"), range, first));
                String name = dir.equals(path) ? "energy" : dir.getFileName().toString();
                channels.add(channel("host:" + name, "the VM's energy counter " + dir.resolve("energy_uj")
                        + (range > 0 ? ", wraps at " + range + " uJ" : "")));
            } catch (IOException | IllegalArgumentException e) {
                counters.clear();
                channels.clear();
                return SourceStatus.unavailable(ID, "cannot read the energy tree " + path + ": " + e.getMessage());
            }
        }
        return SourceStatus.available(ID, counters.size() + " energy counter(s) of this VM under " + path,
                List.of("the host's measurement attributed to this VM by the exporter; attribution: the whole VM, not"
                        + " the measured processes alone"));
    }

    private Channel channel(String id, String description) {
        // the VM's energy as its host measured it: in the total, in place of an estimate of the VM's CPU
        return new Channel(id, DeviceKind.PLATFORM, description, powerFile ? null : Provenance.MEASURED_HOST_EXPORTER,
                powerFile ? Provenance.MEASURED_HOST_EXPORTER : null, true);
    }

    private static long counter(Path file) throws IOException {
        String text = Files.readString(file).trim();
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " holds '" + abbreviate(text) + "', not a counter of microjoules");
        }
    }

    /** [epoch millis, watts] of a power file's text; {@code modifiedMillis} where it carries no timestamp. */
    static double[] parse(String text, long modifiedMillis) {
        String[] f = text.trim().split("[\\s,]+");
        try {
            double[] v = f.length == 1 ? new double[] {modifiedMillis, Double.parseDouble(f[0])}
                    : f.length == 2 ? new double[] {Double.parseDouble(f[0]) * 1000, Double.parseDouble(f[1])} : null;
            if (v == null || !(v[1] >= 0) || Double.isInfinite(v[1]) || !Double.isFinite(v[0])) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("holds '" + abbreviate(text.trim()) + "', not WATTS or EPOCH_SECONDS"
                    + " WATTS");
        }
    }

    /**
     * Why a value written at {@code epochMillis} cannot be read now: stale (older than {@link #STALE_AFTER_SECONDS}) or
     * from the future by more than that (the host's and this VM's clocks disagree); null where it is current.
     */
    private String lateness(double epochMillis) {
        double age = (wallMillis.getAsLong() - epochMillis) / 1000;
        if (age > STALE_AFTER_SECONDS) {
            return String.format(Locale.ROOT, "is stale: written %.0f s ago (more than %.0f s; the exporter stopped"
                    + " writing?)", age, STALE_AFTER_SECONDS);
        }
        if (age < -STALE_AFTER_SECONDS) {
            return String.format(Locale.ROOT, "carries a time %.0f s in the future (the host's and this VM's clocks"
                    + " disagree)", -age);
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public String id() {
        return ID;
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
        if (powerFile) {
            return List.of(readPower());
        }
        List<Reading> out = new ArrayList<>(counters.size());
        for (Counter c : counters) {
            try {
                long raw = counter(c.file);
                if (raw < c.last && c.maxRangeMicroJ == 0) {
                    out.add(Reading.failed("the counter " + c.file + " went back from " + c.last + " to " + raw
                            + " uJ and no max_energy_range_uj says where it wraps (the exporter restarted?)"));
                    c.last = raw;
                    continue;
                }
                c.accumulatedMicroJ += RaplSource.delta(c.last, raw, c.maxRangeMicroJ);
                c.last = raw;
                out.add(Reading.counter(c.accumulatedMicroJ / 1e6, 0));
            } catch (IOException | IllegalArgumentException e) {
                out.add(Reading.failed("cannot read " + c.file + ": " + e.getMessage()));
            }
        }
        return out;
    }

    private Reading readPower() {
        try {
            double[] v = parse(Files.readString(path), Files.getLastModifiedTime(path).toMillis());
            String late = lateness(v[0]);
            return late == null ? Reading.power(v[1]) : Reading.failed("the power file " + path + " " + late);
        } catch (IOException | IllegalArgumentException e) {
            return Reading.failed("cannot read the power file " + path + ": " + e.getMessage());
        }
    }
}
