package org.carbonlab.measure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a command's output lines as they come, from both of its streams: fills its {@link Capture}s and marks the
 * energy window where a line matches one of its mark patterns (each label once, never one the command already
 * marked itself). This is how an unchanged script, which prints only its own words, gets the metrics and the
 * segments a protocol script reports ({@code experiments/PROTOCOL.md}). Thread-safe: each stream is read by its own
 * thread.
 */
public final class OutputWatch {

    /** One of a command's output streams, named as the records name it. */
    public enum Stream {
        /** Standard output. */
        STDOUT("stdout"),
        /** Standard error. */
        STDERR("stderr");

        private final String id;

        Stream(String id) {
            this.id = id;
        }

        /** Its name in records ({@code stdout}). */
        public String id() {
            return id;
        }
    }

    /**
     * What a capture found.
     *
     * @param name    the capture's name
     * @param value   the number after scaling (null: none; {@code problem} says why)
     * @param unit    the capture's unit
     * @param where   the line it came from, e.g. {@code stdout line 12} (null: no line matched)
     * @param text    that line, cut at 200 characters (null: no line matched)
     * @param problem why there is no value (null: there is one)
     */
    public record Found(String name, Double value, String unit, String where, String text, String problem) {
    }

    /** A label a mark pattern may carry: one word, as on a protocol mark line. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]+");

    private final List<Capture> captures;
    private final Map<String, Pattern> marks;
    private final Consumer<String> onMark;
    private final Map<String, String[]> matched = new LinkedHashMap<>(); // capture name -> {where, text, number}
    private final Set<String> marked = new HashSet<>();
    private final Map<Stream, Integer> lines = new java.util.EnumMap<>(Stream.class);

    /**
     * Watches for {@code captures} and {@code marks} (label to pattern, in the order the spec lists them);
     * {@code onMark} splits the meter's window.
     */
    public OutputWatch(List<Capture> captures, Map<String, Pattern> marks, Consumer<String> onMark) {
        this.captures = List.copyOf(captures);
        this.marks = new LinkedHashMap<>(marks);
        this.onMark = onMark;
        marks.keySet().forEach(OutputWatch::requireLabel);
    }

    /** Refuses a mark label that is not one word. */
    public static String requireLabel(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new org.carbonlab.util.UserException("mark label '" + label + "' must be one word (letters, digits,"
                    + " '.', '_', '-'), e.g. train-1 or after-training");
        }
        return label;
    }

    /** Takes one line of {@code stream}: fills the captures it matches and marks where a mark pattern matches. */
    public void line(Stream stream, String line) {
        String fire = null;
        synchronized (this) {
            int n = lines.merge(stream, 1, Integer::sum);
            for (Capture c : captures) {
                if (c.last() || !matched.containsKey(c.name())) {
                    Matcher m = c.pattern().matcher(line);
                    if (m.find()) {
                        matched.put(c.name(), new String[]{stream.id() + " line " + n, cut(line), m.group(1)});
                    }
                }
            }
            for (Map.Entry<String, Pattern> e : marks.entrySet()) {
                if (!marked.contains(e.getKey()) && e.getValue().matcher(line).find()) {
                    marked.add(e.getKey());
                    fire = e.getKey();
                    break; // one line, one mark
                }
            }
        }
        if (fire != null) {
            onMark.accept(fire);
        }
    }

    /** A mark the command printed itself (the protocol's): passed on, and no pattern marks that label again. */
    public void protocolMark(String label) {
        synchronized (this) {
            marked.add(label);
        }
        onMark.accept(label);
    }

    /** What each capture found so far, in the order the captures were given. */
    public synchronized Map<String, Found> found() {
        Map<String, Found> out = new LinkedHashMap<>();
        for (Capture c : captures) {
            String[] m = matched.get(c.name());
            if (m == null) {
                out.put(c.name(), new Found(c.name(), null, c.unit(), null, null, "no line of stdout or stderr"
                        + " matched '" + c.pattern() + "'"));
                continue;
            }
            java.math.BigDecimal value = number(m[2]);
            out.put(c.name(), new Found(c.name(), value == null ? null // decimal: 80.8 x 0.01 is 0.808, not 0.80799...
                    : value.multiply(java.math.BigDecimal.valueOf(c.scale())).doubleValue(), c.unit(), m[0], m[1],
                    value == null ? "'" + m[2] + "' (" + m[0] + ") is not a number" : null));
        }
        return out;
    }

    /** Whether this watch looks for anything. */
    public boolean watches() {
        return !captures.isEmpty() || !marks.isEmpty();
    }

    /**
     * Starts a thread that reads {@code in} line by line until it closes, handing each line to {@code sink} (a log
     * file, the terminal) and then to this watch as a line of {@code stream}.
     */
    public Thread pump(InputStream in, Stream stream, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    sink.accept(l);
                    line(stream, l);
                }
            } catch (IOException e) {
                // the stream ended with the process: what was read is kept
            }
        }, "carbonlab-" + stream.id());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits for a {@link #pump}'s thread after its process ended: up to 5 s, since a process the command left behind
     * may hold the stream open (what was read by then is kept).
     */
    public static void awaitReader(Thread reader) throws InterruptedException {
        reader.join(5000);
    }

    private static java.math.BigDecimal number(String s) {
        String t = s == null ? "" : s.trim();
        if (t.isEmpty() || !t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        return new java.math.BigDecimal(t);
    }

    private static String cut(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The names of {@code captures}, refusing a name given twice. */
    public static List<String> names(List<Capture> captures) {
        List<String> names = new ArrayList<>();
        for (Capture c : captures) {
            if (names.contains(c.name())) {
                throw new org.carbonlab.util.UserException("capture " + c.name() + " is given twice");
            }
            names.add(c.name());
        }
        return names;
    }
}
