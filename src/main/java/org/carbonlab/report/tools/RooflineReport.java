package org.carbonlab.report.tools;

import org.carbonlab.util.Numbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.kernel.Format;
import org.carbonlab.kernel.Backend;
import org.carbonlab.kernel.Op;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.util.UserException;

/**
 * The precision roofline of a machine from the JMH JSON of {@code KernelBench} runs: per op, engine and format,
 * time per op, GFLOP/s, energy per GFLOP, the relative error against FP64 and the speed-up over FP32 on the same
 * engine; the best GFLOP/s per engine and format ({@link Roofline}); and every combination of the benchmark's
 * parameters that has no result (unsupported here, or failed: the JMH log says why).
 */
public final class RooflineReport {

    /**
     * One kernel's measurement.
     *
     * @param op        the op id
     * @param engine    the engine id
     * @param format    the format id
     * @param ms        mean time per op, ms
     * @param msError   JMH's 99.9 % half-width
     * @param gflops    throughput
     * @param joules    energy per op (NaN: unknown)
     * @param energyUnit the energy's unit with its provenance
     * @param relError  ||C - R|| / ||R|| against FP64 (NaN: not recorded)
     */
    record Row(String op, String engine, String format, double ms, double msError, double gflops, double joules,
               String energyUnit, double relError) {
        double joulesPerGflop(double flops) {
            return joules / (flops / 1e9);
        }
    }

    private RooflineReport() {
    }

    /** Reads every {@code KernelBench.run} result of the JMH JSON files. */
    static List<Row> read(List<Path> files) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path f : files) {
            JsonNode root = new ObjectMapper().readTree(f.toFile());
            if (root == null || !root.isArray()) {
                throw new UserException(f + " is not JMH JSON output (-rf json)");
            }
            for (JsonNode b : root) {
                if (!b.path("benchmark").asText().endsWith("KernelBench.run")) {
                    continue;
                }
                JsonNode p = b.path("params");
                JsonNode primary = b.path("primaryMetric");
                if (!primary.path("scoreUnit").asText().equals("ms/op")) {
                    throw new UserException(f + ": KernelBench scores must be in ms/op, found "
                            + primary.path("scoreUnit").asText());
                }
                Op op = Op.parse(p.path("op").asText());
                double ms = JmhReport.number(primary.get("score"));
                JsonNode sec = b.path("secondaryMetrics");
                JsonNode energy = sec.path("·energy");
                rows.add(new Row(op.id(), p.path("engine").asText(), p.path("format").asText(), ms,
                        JmhReport.number(primary.get("scoreError")), op.flops() / (ms / 1000) / 1e9,
                        JmhReport.number(energy.get("score")), energy.path("scoreUnit").asText("n/a"),
                        JmhReport.number(sec.path("rel.error").get("score"))));
            }
        }
        if (rows.isEmpty()) {
            throw new UserException("no KernelBench.run results in " + files);
        }
        rows.sort(Comparator.comparing(Row::op).thenComparing(Row::engine).thenComparing(Row::format));
        return rows;
    }

    /** The best GFLOP/s per engine and format. */
    static Roofline roofline(List<Row> rows, String machine, String measured) {
        Map<String, Roofline.Peak> peaks = new HashMap<>();
        for (Row r : rows) {
            String key = Roofline.key(Backend.of(r.engine()), Format.of(r.format()));
            Roofline.Peak p = peaks.get(key);
            if (p == null || r.gflops() > p.gflops()) {
                peaks.put(key, new Roofline.Peak(r.gflops(), r.op(), r.joulesPerGflop(Op.parse(r.op()).flops())));
            }
        }
        return new Roofline(machine, measured, peaks);
    }

    /** Writes {@code roofline.md}, {@code roofline.csv} and {@code roofline.json} into {@code out}. */
    public static void write(List<Path> jmhJson, Path out, String machine) throws IOException {
        List<Row> rows = read(jmhJson);
        String provenance = rows.stream().map(Row::energyUnit).distinct().sorted()
                .reduce((a, b) -> a + ", " + b).orElse("n/a");
        Roofline roofline = roofline(rows, machine, "KernelBench (JMH, -rf json: " + jmhJson.stream()
                .map(p -> p.getFileName().toString()).toList() + "), energy " + provenance);
        Files.createDirectories(out);
        roofline.write(out.resolve("roofline.json"));
        Map<String, Row> fp32 = new HashMap<>();
        rows.stream().filter(r -> r.format().equals("fp32")).forEach(r -> fp32.put(r.op() + "|" + r.engine(), r));
        StringBuilder csv = new StringBuilder("op,engine,format,ms_per_op,ms_error,gflops,joules_per_op,"
                + "joules_per_gflop,rel_error,speedup_vs_fp32\n");
        StringBuilder md = new StringBuilder("# Precision roofline\n\nMachine: " + machine + ". Measured: "
                + roofline.measured() + ".\n\nTime per op: JMH mean and 99.9 % half-width. GFLOP/s: 2 per multiply-add"
                + " over the mean time. Error: ||C - R||_F / ||R||_F against the plain-Java FP64 result of the same"
                + " (unrounded) inputs, uniform in [-1, 1). Speed-up: over FP32 on the same engine and op.\n\n"
                + "| op | engine | format | ms/op | ± | GFLOP/s | J/GFLOP | rel. error | vs fp32 |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            double flops = Op.parse(r.op()).flops();
            Row base = fp32.get(r.op() + "|" + r.engine());
            double speedup = base == null ? Double.NaN : base.ms() / r.ms();
            csv.append(String.join(",", r.op(), r.engine(), r.format(), Numbers.machine(r.ms()),
                    Numbers.machine(r.msError()), Numbers.machine(r.gflops()), Numbers.machine(r.joules()),
                    Numbers.machine(r.joulesPerGflop(flops)), Numbers.machine(r.relError()),
                    Numbers.machine(speedup))).append('\n');
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.op(),
                    r.engine(), r.format(), Numbers.people(r.ms()), Numbers.people(r.msError()),
                    Numbers.people(r.gflops()), Numbers.people(r.joulesPerGflop(flops)),
                    String.format(Locale.ROOT, "%.2g", r.relError()),
                    Double.isNaN(speedup) ? "n/a" : String.format(Locale.ROOT, "%.2fx", speedup)));
        }
        md.append("\n## Roofline: the best GFLOP/s per engine and format\n\nThe denominator of MFU for work in that"
                + " format on this machine.\n\n| engine/format | GFLOP/s | reached by | J/GFLOP |\n|---|---|---|---|\n");
        roofline.peaks().forEach((k, p) -> md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", k,
                Numbers.people(p.gflops()), p.op(), Numbers.people(p.joulesPerGflop()))));
        List<String> missing = missing(rows);
        if (!missing.isEmpty()) {
            md.append("\n## Not measured\n\nCombinations of the measured ops, engines and formats with no result:"
                    + " the engine cannot run them here or they were not asked for (the JMH log gives the reason"
                    + " of each failed setup).\n\n");
            missing.forEach(m -> md.append("- ").append(m).append('\n'));
        }
        Files.writeString(out.resolve("roofline.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("roofline.md"), md, StandardCharsets.UTF_8);
    }

    private static List<String> missing(List<Row> rows) {
        Set<String> ops = new LinkedHashSet<>();
        Set<String> present = new java.util.HashSet<>();
        for (Row r : rows) {
            ops.add(r.op());
            present.add(r.op() + " " + r.engine() + " " + r.format());
        }
        List<String> missing = new ArrayList<>();
        for (String op : ops) {
            for (Backend e : Backend.values()) {
                for (Format f : List.of(Format.FP32, Format.FP16, Format.BF16)) {
                    if (!present.contains(op + " " + e.id() + " " + f.id())) {
                        missing.add(op + " " + e.id() + " " + f.id());
                    }
                }
            }
        }
        return missing;
    }

    /**
     * This machine, as the roofline names it: the CPU model and vector flags /proc/cpuinfo reports and the logical
     * CPUs (read where the report is written: write it on the machine that ran the benchmarks).
     */
    public static String thisMachine() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return CpuCatalog.reportedModel(cpuinfo).orElse("unknown CPU") + " (" + CpuCatalog.simd(CpuCatalog.flags(
                cpuinfo)) + "), " + Runtime.getRuntime().availableProcessors() + " logical CPUs, "
                + System.getProperty("os.arch");
    }
}
