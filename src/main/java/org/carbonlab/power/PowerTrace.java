package org.carbonlab.power;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The power trace file: a CSV that the sampler streams to (one row per channel per tick, and one per window
 * boundary), that {@code carbonlab report} re-reads and that the replay source plays back.
 *
 * <pre>
 * # carbonlab power trace v1
 * # interval_ns,100000000
 * # origin_utc,2026-11-27T23:00:00.123Z
 * # channel,rapl:package-0,cpu,measured:rapl,,true,package-0 (/sys/class/powercap/intel-rapl:0)
 * t_ns,channel,energy_j,power_w,epoch,error
 * 0,rapl:package-0,0.000000,,0,
 * 0,#mark,,,,begin:train
 * </pre>
 *
 * Unknown values are empty fields; error texts have commas and line breaks replaced so each row stays one row.
 */
public final class PowerTrace {

    /** First line of every trace. */
    public static final String MAGIC = "# carbonlab power trace v1";
    /** The column header. */
    public static final String HEADER = "t_ns,channel,energy_j,power_w,epoch,error";
    /** The channel name of a boundary row. */
    public static final String MARK = "#mark";

    private PowerTrace() {
    }

    /**
     * One parsed trace: its channels, interval, wall-clock origin (null in traces without one), ticks and marks.
     */
    public record Contents(List<Channel> channels, long intervalNanos, java.time.Instant origin, List<Tick> ticks,
                           List<Mark> marks) {

        /**
         * The energy between each boundary row and the next, by the meter's rule ({@link EnergyMeter#integrate}) over
         * the ticks from one boundary to the next (a boundary takes a tick of its own, so the segments add up to the
         * window); each labelled as the meter labels its segments: the first by its {@code begin:} name, then each
         * by its {@code mark:} name. Spans without two ticks are left out.
         */
        public List<WindowEnergy> segments() {
            List<WindowEnergy> out = new ArrayList<>();
            int from = 0;
            for (int i = 0; i + 1 < marks.size(); i++) {
                Mark a = marks.get(i);
                Mark b = marks.get(i + 1);
                if (a.label().startsWith("end:")) {
                    continue;
                }
                List<Tick> span = new ArrayList<>();
                while (from < ticks.size() && ticks.get(from).monotonicNanos() < a.monotonicNanos()) {
                    from++;
                }
                for (int j = from; j < ticks.size() && ticks.get(j).monotonicNanos() <= b.monotonicNanos(); j++) {
                    span.add(ticks.get(j));
                }
                if (span.size() >= 2) {
                    out.add(EnergyMeter.integrate(a.label().substring(a.label().indexOf(':') + 1), channels, span));
                }
            }
            return out;
        }
    }

    /**
     * A window boundary written into the trace.
     *
     * @param monotonicNanos when
     * @param label          {@code begin:NAME}, {@code mark:NAME} or {@code end:NAME}
     */
    public record Mark(long monotonicNanos, String label) {

        /** The known segment a {@code mark:NAME} opens, if NAME is one ({@link Segment#parse}). */
        public java.util.Optional<Segment> segment() {
            return label.startsWith("mark:") ? Segment.parse(label.substring(5)) : java.util.Optional.empty();
        }
    }

    /**
     * Returns a listener that streams ticks to {@code file}, writing at least once a second, at every mark and at
     * the end, so a crash loses at most a second of rows;
     * {@code origin} is the wall-clock time of tick zero ({@link Sampler#wallClockOrigin()}).
     */
    public static SampleListener writer(Path file, java.time.Instant origin) {
        return new Writer(file, origin);
    }

    /** Reads a whole trace file. */
    public static Contents read(Path file) {
        Parser parser = new Parser(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (!MAGIC.equals(line)) {
                throw new PowerException(file + ":1: not a carbonlab power trace (expected first line '" + MAGIC + "')");
            }
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isEmpty() && !line.equals(HEADER)) {
                    parser.line(line, lineNo);
                }
            }
        } catch (IOException e) {
            throw new PowerException("cannot read power trace " + file + ": " + e.getMessage(), e);
        }
        return parser.contents();
    }

    /** Reads a trace line by line: its header comments, channels, marks, and the rows of each tick. */
    private static final class Parser {
        private final Path file;
        private final List<Channel> channels = new ArrayList<>();
        private final List<Tick> ticks = new ArrayList<>();
        private final List<Mark> marks = new ArrayList<>();
        private long interval;
        private java.time.Instant origin;
        private long tickTime = -1;
        private Reading[] row;
        private int filled;

        Parser(Path file) {
            this.file = file;
        }

        void line(String line, int lineNo) {
            String[] f = line.split(",", -1);
            try {
                if (line.startsWith("# interval_ns,")) {
                    interval = Long.parseLong(f[1]);
                } else if (line.startsWith("# origin_utc,")) {
                    origin = java.time.Instant.parse(f[1]);
                } else if (line.startsWith("# channel,")) {
                    channels.add(parseChannel(line.substring("# channel,".length())));
                } else if (line.startsWith("#")) {
                    return;
                } else if (MARK.equals(f[1])) {
                    marks.add(new Mark(Long.parseLong(f[0]), f[5]));
                } else {
                    reading(f, lineNo);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException
                     | java.time.format.DateTimeParseException e) {
                throw new PowerException(file + ":" + lineNo + ": malformed trace row '" + line + "' ("
                        + e.getMessage() + "); expected " + HEADER, e);
            }
        }

        private void reading(String[] f, int lineNo) {
            long t = Long.parseLong(f[0]);
            int idx = indexOf(channels, f[1]);
            if (idx < 0) {
                throw new PowerException(file + ":" + lineNo + ": channel '" + f[1] + "' is not declared in the header");
            }
            if (row == null || t != tickTime || row[idx] != null) {
                flush(ticks, tickTime, row, filled, channels.size(), file);
                row = new Reading[channels.size()];
                filled = 0;
                tickTime = t;
            }
            row[idx] = new Reading(num(f[2]), num(f[3]), Integer.parseInt(f[4]), f[5].isEmpty() ? null : f[5]);
            filled++;
        }

        Contents contents() {
            flush(ticks, tickTime, row, filled, channels.size(), file);
            return new Contents(List.copyOf(channels), interval, origin, List.copyOf(ticks), List.copyOf(marks));
        }
    }

    private static void flush(List<Tick> ticks, long t, Reading[] row, int filled, int n, Path file) {
        if (row == null) {
            return;
        }
        if (filled != n) {
            for (int i = 0; i < n; i++) {
                if (row[i] == null) {
                    row[i] = Reading.failed("missing from trace " + file.getFileName());
                }
            }
        }
        ticks.add(new Tick(t, List.of(row)));
    }

    private static int indexOf(List<Channel> channels, String id) {
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static Channel parseChannel(String spec) {
        String[] f = spec.split(",", 6);
        return new Channel(f[0], DeviceKind.valueOf(f[1].toUpperCase(Locale.ROOT).replace('-', '_')), f[5],
                f[2].isEmpty() ? null : Provenance.ofLabel(f[2]), f[3].isEmpty() ? null : Provenance.ofLabel(f[3]),
                Boolean.parseBoolean(f[4]));
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static String clean(String text) {
        return text == null ? "" : text.replace(',', ';').replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Keeps each tick as it comes and writes the rows of a second's ticks at once (formatting and writing one row
     * at a time, cold, ten times a second, cost more than reading the sources); a mark, and the end, write what is
     * pending first.
     */
    private static final class Writer implements SampleListener {
        /** Pending rows reach the file at least this often, and at every mark and at the end. */
        private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;
        private final Path file;
        private final java.time.Instant origin;
        private java.io.OutputStream out;
        private List<Channel> channels;
        private final List<Tick> pending = new ArrayList<>();
        private final StringBuilder text = new StringBuilder(4096);
        private long flushedNanos = -FLUSH_EVERY_NANOS; // the first tick is written at once

        Writer(Path file, java.time.Instant origin) {
            this.file = file;
            this.origin = origin;
        }

        @Override
        public void onStart(List<Channel> channels, long intervalNanos) {
            this.channels = channels;
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                out = Files.newOutputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write power trace " + file + ": " + e.getMessage(), e);
            }
            text.append(MAGIC).append("\n# interval_ns,").append(intervalNanos).append("\n# origin_utc,")
                    .append(origin).append('\n');
            for (Channel c : channels) {
                text.append("# channel,").append(c.id()).append(',').append(c.kind().label()).append(',')
                        .append(c.counter() == null ? "" : c.counter().label()).append(',')
                        .append(c.power() == null ? "" : c.power().label()).append(',').append(c.inTotal())
                        .append(',').append(clean(c.description())).append('\n');
            }
            text.append(HEADER).append('\n');
            write();
        }

        @Override
        public void onTick(Tick tick) {
            if (out == null) {
                return;
            }
            pending.add(tick);
            if (tick.monotonicNanos() - flushedNanos >= FLUSH_EVERY_NANOS) {
                flushedNanos = tick.monotonicNanos();
                write();
            }
        }

        @Override
        public void onMark(long t, String label) {
            if (out != null) {
                rows();
                text.append(t).append(',').append(MARK).append(",,,,").append(clean(label)).append('\n');
                write();
            }
        }

        @Override
        public void onStop() {
            if (out != null) {
                try {
                    write();
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    out = null;
                }
            }
        }

        /** Appends the pending ticks' rows to the text. */
        private void rows() {
            for (Tick tick : pending) {
                for (int i = 0; i < channels.size(); i++) {
                    Reading r = tick.readings().get(i);
                    text.append(tick.monotonicNanos()).append(',').append(channels.get(i).id()).append(',');
                    appendNumber(text, r.energyJoules(), 6);
                    text.append(',');
                    appendNumber(text, r.powerWatts(), 3);
                    text.append(',').append(r.counterEpoch()).append(',').append(clean(r.error())).append('\n');
                }
            }
            pending.clear();
        }

        /** Writes the pending rows and the text to the file. */
        private void write() {
            rows();
            try {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write power trace " + file + ": " + e.getMessage(), e);
            } finally {
                text.setLength(0);
            }
        }

        private static void appendNumber(StringBuilder sb, double v, int decimals) {
            if (Double.isNaN(v)) {
                return;
            }
            if (Double.isInfinite(v)) {
                sb.append(v > 0 ? "Infinity" : "-Infinity");
                return;
            }
            // %.Nf without Formatter or BigDecimal (they were most of a tick's cost): the value scaled to an integer
            // of N decimals, exact to the last written digit below 10^12 units; larger values (never met: a
            // terajoule) take the exact route
            double scale = decimals == 6 ? 1e6 : Math.pow(10, decimals);
            double scaled = Math.abs(v) * scale;
            if (scaled >= 1e15) {
                sb.append(new java.math.BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_UP)
                        .toPlainString());
                return;
            }
            long units = Math.round(scaled);
            if (v < 0 && units != 0) {
                sb.append('-');
            }
            long unit = (long) scale;
            sb.append(units / unit).append('.');
            String frac = Long.toString(units % unit);
            for (int k = frac.length(); k < decimals; k++) {
                sb.append('0');
            }
            sb.append(frac);
        }
    }
}
