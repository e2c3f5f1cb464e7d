package org.carbonlab.power;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Three figures of one window's energy on a device that has both an energy counter and a power reading (an NVIDIA
 * GPU through NVML): the counter's difference, the trapezoidal integral of the power the sampler read, and the
 * integral of an independent power log ({@code nvidia-smi --query-gpu=timestamp,power.draw --format=csv -lms
 * 100}) over the same wall-clock window; with how often the counter really moved (a window shorter than its update
 * period reads 0 J and is flagged, not reported) and whether the run has the samples MLPerf asks for (at least 60
 * at 1 Hz or more).
 *
 * @param channel          the channel checked
 * @param seconds          the window: first to last tick
 * @param samples          ticks with a valid power reading
 * @param counterJ         counter difference over the window (NaN: no counter, or it reset)
 * @param powerIntegralJ   trapezoidal integral of the sampled power
 * @param externalJ        integral of the external log's power over the same window (NaN: none given)
 * @param externalSamples  external samples inside the window
 * @param counterUpdates   how often the counter changed value between ticks
 * @param counterPeriodMs  median time between counter changes (NaN: fewer than two changes)
 * @param notes            what to know: flags and disagreements
 */
public record EnergyCheck(String channel, double seconds, int samples, double counterJ, double powerIntegralJ,
                          double externalJ, int externalSamples, int counterUpdates, double counterPeriodMs,
                          List<String> notes) {

    /** MLPerf power's floor: at least this many samples per measured run, at 1 Hz or more. */
    public static final int MIN_SAMPLES = 60;

    /** The power integral over the counter, minus 1 (NaN where either is missing). */
    public double powerVsCounter() {
        return powerIntegralJ / counterJ - 1;
    }

    /** The external log's integral over the counter, minus 1 (NaN where either is missing). */
    public double externalVsCounter() {
        return externalJ / counterJ - 1;
    }

    private static void samplingNote(int samples, double seconds, List<String> notes) {
        if (samples < MIN_SAMPLES || (seconds > 0 && samples / seconds < 1)) {
            notes.add("fewer than " + MIN_SAMPLES + " power samples at 1 Hz or more (" + samples + " in "
                    + fmt(seconds) + " s): below MLPerf's floor for a measured run");
        }
    }

    private static int channelIndex(PowerTrace.Contents t, Path trace, String channel) {
        for (int i = 0; i < t.channels().size(); i++) {
            if (t.channels().get(i).id().equals(channel)) {
                return i;
            }
        }
        throw new PowerException(trace + " has no channel " + channel + "; it has "
                + t.channels().stream().map(Channel::id).toList());
    }

    /**
     * The energy an nvidia-smi log's power integrates to over the trace's window, lined up by wall-clock time, and
     * its samples inside the window: {energy J (NaN with fewer than 2), samples}.
     */
    private static double[] external(PowerTrace.Contents t, Path trace, Path externalLog, long t0, double endSeconds,
                                     List<String> notes) {
        if (t.origin() == null) {
            throw new PowerException(trace + " has no origin_utc: it cannot be lined up with " + externalLog);
        }
        Instant from = t.origin().plusNanos(t0); // the origin is the wall-clock time of monotonic 0
        List<double[]> log = nvidiaSmi(externalLog, from);
        int samples = (int) log.stream().filter(p -> p[0] >= 0 && p[0] <= endSeconds).count();
        if (samples < 2) {
            notes.add(externalLog.getFileName() + " has " + samples + " samples inside the window"
                    + " (its timestamps are read as UTC)");
            return new double[] {Double.NaN, samples};
        }
        return new double[] {integrate(log, 0, endSeconds), samples};
    }

    /**
     * Checks {@code channel} of {@code trace}; {@code externalLog}, if given, is an nvidia-smi CSV whose timestamps
     * are UTC (its first power column is read).
     */
    public static EnergyCheck of(Path trace, String channel, Optional<Path> externalLog) {
        PowerTrace.Contents t = PowerTrace.read(trace);
        int c = channelIndex(t, trace, channel);
        List<String> notes = new ArrayList<>();
        List<double[]> power = new ArrayList<>(); // seconds since tick 0, watts
        double firstJ = Double.NaN;
        double lastJ = Double.NaN;
        int epoch = Integer.MIN_VALUE;
        boolean reset = false;
        int updates = 0;
        List<Double> changeTimes = new ArrayList<>();
        long t0 = t.ticks().isEmpty() ? 0 : t.ticks().get(0).monotonicNanos();
        double endSeconds = 0;
        for (Tick tick : t.ticks()) {
            Reading r = tick.readings().get(c);
            double s = (tick.monotonicNanos() - t0) / 1e9;
            endSeconds = s;
            if (!r.ok()) {
                continue;
            }
            if (Double.isFinite(r.powerWatts())) {
                power.add(new double[] {s, r.powerWatts()});
            }
            if (Double.isFinite(r.energyJoules())) {
                if (epoch != Integer.MIN_VALUE && r.counterEpoch() != epoch) {
                    reset = true;
                }
                if (Double.isFinite(lastJ) && r.energyJoules() != lastJ) {
                    updates++;
                    changeTimes.add(s);
                }
                if (Double.isNaN(firstJ)) {
                    firstJ = r.energyJoules();
                }
                lastJ = r.energyJoules();
                epoch = r.counterEpoch();
            }
        }
        double counter = reset ? Double.NaN : lastJ - firstJ;
        if (reset) {
            notes.add("the counter went down during the window (driver reload or reset): no counter figure");
        }
        double integral = integrate(power, 0, endSeconds);
        double period = medianGapMs(changeTimes);
        if (Double.isFinite(counter) && updates == 0) {
            notes.add("the counter never moved in this " + fmt(endSeconds) + " s window: too short to meter with it");
            counter = Double.NaN;
        }
        samplingNote(power.size(), endSeconds, notes);
        double[] ext = externalLog.isPresent() ? external(t, trace, externalLog.get(), t0, endSeconds, notes)
                : new double[] {Double.NaN, 0};
        double external = ext[0];
        int externalSamples = (int) ext[1];
        disagreement("sampled power", integral / counter - 1, notes);
        disagreement("nvidia-smi's power", external / counter - 1, notes);
        return new EnergyCheck(channel, endSeconds, power.size(), counter, integral, external, externalSamples,
                updates, period, List.copyOf(notes));
    }

    private static void disagreement(String what, double rel, List<String> notes) {
        if (Double.isFinite(rel) && Math.abs(rel) > 0.05) {
            notes.add(String.format(Locale.ROOT, "the integral of %s differs from the counter by %+.1f %% (more than"
                    + " 5 %%)", what, 100 * rel));
        }
    }

    /**
     * Reads an nvidia-smi CSV ({@code timestamp} first, then power columns such as {@code power.draw [W]}) as
     * (seconds since {@code from}, watts of the first power column); rows without a number are skipped.
     */
    static List<double[]> nvidiaSmi(Path file, Instant from) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS", Locale.ROOT);
        List<double[]> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PowerException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            String[] cells = line.split(",");
            if (cells.length < 2 || cells[0].startsWith("timestamp")) {
                continue;
            }
            try {
                Instant at = LocalDateTime.parse(cells[0].trim(), f).toInstant(ZoneOffset.UTC);
                double w = Double.parseDouble(cells[1].trim().replace(" W", ""));
                out.add(new double[] {(at.toEpochMilli() - from.toEpochMilli()) / 1000.0, w});
            } catch (RuntimeException e) {
                // "[N/A]" or a partial last line: not a sample
            }
        }
        return out;
    }

    /** The trapezoidal integral of (seconds, watts) points, clipped to [from, to], in joules. */
    static double integrate(List<double[]> p, double from, double to) {
        double j = 0;
        for (int i = 1; i < p.size(); i++) {
            double a = Math.max(from, p.get(i - 1)[0]);
            double b = Math.min(to, p.get(i)[0]);
            if (b <= a) {
                continue;
            }
            double slope = (p.get(i)[1] - p.get(i - 1)[1]) / (p.get(i)[0] - p.get(i - 1)[0]);
            double wa = p.get(i - 1)[1] + slope * (a - p.get(i - 1)[0]);
            double wb = p.get(i - 1)[1] + slope * (b - p.get(i - 1)[0]);
            j += (wa + wb) / 2 * (b - a);
        }
        return p.size() < 2 ? Double.NaN : j;
    }

    private static double medianGapMs(List<Double> times) {
        if (times.size() < 2) {
            return Double.NaN;
        }
        double[] gaps = new double[times.size() - 1];
        for (int i = 1; i < times.size(); i++) {
            gaps[i - 1] = (times.get(i) - times.get(i - 1)) * 1000;
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    private static String fmt(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.1f", x) : "n/a";
    }

    /** The check as a Markdown table row set (one device), for a report beside the trace. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| figure | energy (J) | vs counter |\n|---|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| energy counter of %s (%d updates, median period %s ms) | %s | |%n",
                channel, counterUpdates, fmt(counterPeriodMs), fmt(counterJ)));
        sb.append(String.format(Locale.ROOT, "| integral of sampled power (%d samples in %s s) | %s | %s |%n",
                samples, fmt(seconds), fmt(powerIntegralJ), pct(powerVsCounter())));
        if (externalSamples > 0 || Double.isFinite(externalJ)) {
            sb.append(String.format(Locale.ROOT, "| integral of nvidia-smi power.draw (%d samples) | %s | %s |%n",
                    externalSamples, fmt(externalJ), pct(externalVsCounter())));
        }
        notes.forEach(n -> sb.append("\n- ").append(n));
        return sb.append(notes.isEmpty() ? "" : "\n").toString();
    }

    private static String pct(double rel) {
        return Double.isFinite(rel) ? String.format(Locale.ROOT, "%+.2f %%", 100 * rel) : "n/a";
    }
}
