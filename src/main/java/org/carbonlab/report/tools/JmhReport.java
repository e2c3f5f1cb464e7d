package org.carbonlab.report.tools;

import org.carbonlab.util.Numbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.kernel.Format;
import org.carbonlab.kernel.Backend;
import org.carbonlab.kernel.Op;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.util.Csv;
import org.carbonlab.workload.Architecture;
import org.carbonlab.compute.Precision;
import org.carbonlab.util.UserException;
import org.carbonlab.report.study.Charts;

/**
 * JMH's JSON output ({@code -rf json}) as carbonlab tables and charts: per benchmark and parameter set, the
 * primary score with its 99.9 % error and every secondary metric (the energy profiler's J/op, W and gCO2e/op with
 * their provenance). JMH writes NaN and infinities as strings; they are read as such and shown as {@code n/a}.
 */
public final class JmhReport {

    /**
     * One metric of one benchmark.
     *
     * @param benchmark the benchmark's short name with its parameters, e.g. {@code TrainStep.step [model=cnn]}
     * @param metric    {@code score} or the secondary label ({@code ·energy})
     * @param value     the score (NaN: not a number)
     * @param error     JMH's score error (99.9 % half-width; NaN when it has none)
     * @param unit      the unit
     * @param samples   how many iterations (or samples) back it
     */
    public record Row(String benchmark, String metric, double value, double error, String unit, int samples) {
    }

    private JmhReport() {
    }

    /** Reads every row of a JMH JSON result file. */
    public static List<Row> read(Path json) throws IOException {
        return read(json, Optional.empty());
    }

    /**
     * Reads every row of a JMH JSON result file, adding to the benchmarks whose work is known (a training step, a
     * batch of predictions, a kernel) the achieved GFLOP/s and, given this machine's {@code roofline}, the MFU:
     * that over the roofline's peak for the benchmark's engine and format.
     */
    public static List<Row> read(Path json, Optional<Roofline> roofline) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException(json + " is not JMH JSON output (-rf json): " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new UserException(json + " is not JMH JSON output (-rf json): expected a list of"
                    + " benchmarks");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode b : root) {
            if (!b.has("benchmark") || !b.has("primaryMetric")) {
                throw new UserException(json + ": an entry without 'benchmark' and 'primaryMetric' is not"
                        + " a JMH result");
            }
            String name = shortName(b.get("benchmark").asText()) + params(b.get("params"));
            Row score = row(name, "score", b.get("primaryMetric"));
            rows.add(score);
            Optional<Work> work = work(b.get("benchmark").asText(), b.get("params"));
            double seconds = score.value() * secondsPer(score.unit());
            if (work.isPresent() && !Double.isNaN(seconds)) {
                double gflops = work.get().flops() / seconds / 1e9;
                rows.add(new Row(name, "achieved", gflops, Double.NaN, "GFLOP/s", score.samples()));
                Optional<Roofline.Peak> peak = roofline.flatMap(r -> r.peak(work.get().rooflineKey()));
                peak.ifPresent(p -> rows.add(new Row(name, "MFU", gflops / p.gflops(), Double.NaN,
                        "of " + work.get().rooflineKey() + " peak " + Numbers.people(p.gflops()) + " GFLOP/s"
                                + (gflops > p.gflops() ? " (above 1: faster than every kernel measured, so that"
                                + " roofline is no ceiling for this work)" : ""), score.samples())));
            }
            JsonNode sec = b.get("secondaryMetrics");
            if (sec != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = sec.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    rows.add(row(name, e.getKey(), e.getValue()));
                }
            }
        }
        return rows;
    }

    /**
     * Writes {@code jmh-summary.md}, {@code jmh-summary.csv} and a chart per metric into {@code out}; with a
     * {@code roofline}, MFU rows too.
     */
    public static void write(Path json, Path out, Optional<Roofline> roofline) throws IOException {
        List<Row> rows = read(json, roofline);
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("benchmark,metric,value,error,unit,samples\n");
        StringBuilder md = new StringBuilder("# JMH results: " + json.getFileName() + "\n\nScore and error as JMH"
                + " reports them (error: half-width of the 99.9 % interval).\n\n| benchmark | metric | value | error |"
                + " unit | n |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            csv.append(Csv.field(r.benchmark())).append(',').append(Csv.field(r.metric())).append(',')
                    .append(Numbers.machine(r.value())).append(',').append(Numbers.machine(r.error())).append(',')
                    .append(Csv.field(r.unit())).append(',').append(r.samples()).append('\n');
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d |%n", r.benchmark(), r.metric(),
                    Numbers.people(r.value()), Numbers.people(r.error()), r.unit(), r.samples()));
        }
        Files.writeString(out.resolve("jmh-summary.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("jmh-summary.md"), md, StandardCharsets.UTF_8);
        System.setProperty("java.awt.headless", "true");
        Map<String, List<Row>> byMetric = new LinkedHashMap<>();
        rows.forEach(r -> byMetric.computeIfAbsent(r.metric() + " (" + r.unit() + ")", k -> new ArrayList<>()).add(r));
        int i = 0;
        for (Map.Entry<String, List<Row>> e : byMetric.entrySet()) {
            List<Row> rs = e.getValue();
            i++;
            Charts.bars(out, "jmh-" + i, e.getKey(), e.getKey(), rs.stream().map(Row::benchmark).toList(),
                    rs.stream().mapToDouble(Row::value).toArray(), rs.stream().mapToDouble(Row::error).toArray());
        }
    }

    /** The work of one benchmark operation and the roofline key it runs under. */
    private record Work(double flops, String rooflineKey) {
    }

    private static Optional<Work> work(String benchmark, JsonNode params) {
        java.util.function.Function<String, String> p = k -> params == null ? "" : params.path(k).asText("");
        try {
            if (benchmark.endsWith("KernelBench.run")) {
                return Optional.of(new Work(Op.parse(p.apply("op")).flops(), Roofline.key(
                        Backend.of(p.apply("engine")), Format.of(p.apply("format")))));
            }
            boolean step = benchmark.endsWith("TrainStepBench.step");
            if (step || benchmark.endsWith("InferenceBench.predictBatch")) {
                Architecture a = Architecture.of(p.apply("model"));
                double perExample = step ? a.trainingFlops() : a.forwardFlops();
                return Optional.of(new Work(perExample * Integer.parseInt(p.apply("batch")),
                        Roofline.key(Backend.DJL, Roofline.format(Precision.of(p.apply("precision"))))));
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // parameters this version does not know: no derived rows
        }
        return Optional.empty();
    }

    private static double secondsPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> Double.NaN;
        };
    }

    private static Row row(String name, String metric, JsonNode m) {
        JsonNode raw = m.get("rawData");
        int n = 0;
        if (raw != null) {
            for (JsonNode fork : raw) {
                n += fork.size();
            }
        }
        return new Row(name, metric, number(m.get("score")), number(m.get("scoreError")),
                m.has("scoreUnit") ? m.get("scoreUnit").asText() : "", n);
    }

    /** A JSON number, or JMH's string spelling of NaN and the infinities. */
    static double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return switch (n.asText()) {
            case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN; // "NaN" and anything else that is not a number
        };
    }

    private static String shortName(String fqn) {
        String[] parts = fqn.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : fqn;
    }

    private static String params(JsonNode p) {
        if (p == null || p.isEmpty()) {
            return "";
        }
        List<String> kv = new ArrayList<>();
        p.fields().forEachRemaining(e -> kv.add(e.getKey() + "=" + e.getValue().asText()));
        return " [" + String.join(", ", kv) + "]";
    }
}
