package org.carbonlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.carbonlab.experiment.Manifest;
import org.carbonlab.experiment.RunFiles;
import org.carbonlab.experiment.TrialOutcome;
import org.carbonlab.experiment.TrialRecord;
import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.workload.Architecture;
import org.carbonlab.engine.Framework;
import org.carbonlab.engine.Precision;

/**
 * The summaries of a study's run, computed only from its raw files ({@code manifest.json}, {@code trials.jsonl}),
 * so {@code carbonlab report RUN_DIR} regenerates them byte for byte: {@code summary.md}, {@code summary.csv},
 * {@code summary.json} and the CodeCarbon-compatible {@code emissions.csv}.
 */
public final class StudyReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A per-trial quantity summarised per variant and compared with the baseline.
     *
     * @param id     machine name (CSV, JSON)
     * @param title  for tables
     * @param unit   its unit
     * @param values how to read it from a trial (NaN: not available for that trial)
     */
    record Metric(String id, String title, String unit, ToDoubleFunction<TrialRecord> values) {
    }

    /** The run's facts a report needs besides the trials. */
    record Context(String study, String runId, String description, String baseline, List<String> variants,
                   double intensityGPerKwh, double pue, Map<String, Object> manifest) {
    }

    private StudyReport() {
    }

    /**
     * Whether charts can be drawn here: XChart and java.desktop; a slim runtime (the GPU kit) has neither. Asked
     * here, not in {@link Charts}, whose loading alone needs XChart.
     */
    static boolean chartsDrawable() {
        try {
            return ModuleLayer.boot().findModule("java.desktop").isPresent()
                    && Class.forName("org.knowm.xchart.XYChart", false, StudyReport.class.getClassLoader()) != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Writes every summary of {@code runDir} from its raw files. */
    public static void write(Path runDir) throws IOException {
        if (!Files.isRegularFile(runDir.resolve(Manifest.FILE))) {
            throw new IllegalArgumentException(runDir + " is not a run directory: it has no " + Manifest.FILE);
        }
        Map<String, Object> manifest = Manifest.read(runDir);
        Context c = context(manifest);
        List<TrialRecord> trials = new ArrayList<>(RunFiles.lastPerTrial(RunFiles.readTrials(runDir)).values());
        trials.sort(java.util.Comparator.comparingInt(TrialRecord::trial));
        List<Metric> metrics = metrics(c, trials);
        Map<String, Map<String, Cell>> table = table(c, trials, metrics);
        Files.writeString(runDir.resolve("summary.csv"), csv(c, metrics, table), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("summary.json"), json(c, trials, metrics, table), StandardCharsets.UTF_8);
        String md = SummaryMarkdown.render(c, trials, metrics, table);
        Files.writeString(runDir.resolve("summary.md"), md, StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("emissions.csv"), EmissionsCsv.render(c, trials), StandardCharsets.UTF_8);
        List<Charts.Written> charts = chartsDrawable() ? charts(runDir, c, trials, metrics, table) : List.of();
        Files.writeString(runDir.resolve("report.html"), Html.page(c.study() + ", run " + c.runId(), md, charts),
                StandardCharsets.UTF_8);
    }

    /**
     * One metric of one variant.
     *
     * @param summary    the summary of its values over the variant's ok trials (n = 0: none)
     * @param vsBaseline the comparison with the baseline's values (null for the baseline itself)
     */
    record Cell(Summary summary, Comparison vsBaseline) {
    }

    /** Per variant, per metric id, the cell: every statistic the outputs show, computed once. */
    static Map<String, Map<String, Cell>> table(Context c, List<TrialRecord> trials, List<Metric> metrics) {
        Map<String, Map<String, Cell>> t = new java.util.LinkedHashMap<>();
        for (String v : c.variants()) {
            Map<String, Cell> row = new java.util.LinkedHashMap<>();
            for (Metric m : metrics) {
                double[] x = sample(trials, v, m);
                row.put(m.id(), new Cell(Summary.of(x), v.equals(c.baseline()) ? null
                        : Comparison.of(sample(trials, c.baseline(), m), x)));
            }
            t.put(v, row);
        }
        return t;
    }

    /**
     * How the planned trials ended.
     *
     * @param planned     trials in the plan
     * @param ok          finished and reported
     * @param failed      failed (their last record)
     * @param interrupted interrupted (their last record)
     * @param notRun      without any record
     * @param timedOut    killed for running past the trial timeout (their last record)
     */
    record Counts(int planned, long ok, long failed, long interrupted, int notRun, long timedOut) {

        @SuppressWarnings("unchecked")
        static Counts of(Context c, List<TrialRecord> trials) {
            int planned = ((List<Object>) c.manifest().get("plan")).size();
            return new Counts(planned, trials.stream().filter(TrialRecord::ok).count(),
                    trials.stream().filter(t -> t.status().equals("failed")).count(),
                    trials.stream().filter(t -> t.status().equals("interrupted")).count(), planned - trials.size(),
                    trials.stream().filter(t -> t.status().equals(TrialRecord.TIMED_OUT)).count());
        }
    }

    /** Draws the run's charts into {@code charts/}, each as PNG and SVG. */
    static List<Charts.Written> charts(Path runDir, Context c, List<TrialRecord> trials, List<Metric> metrics,
                                       Map<String, Map<String, Cell>> table) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = runDir.resolve("charts");
        Files.createDirectories(dir);
        Metric energy = metrics.get(0);
        Metric accuracy = metrics.stream().filter(m -> m.id().equals("test_accuracy")).findFirst().orElseThrow();
        double[] means = new double[c.variants().size()];
        double[] half = new double[c.variants().size()];
        List<double[][]> points = new ArrayList<>();
        for (int i = 0; i < c.variants().size(); i++) {
            String v = c.variants().get(i);
            Summary s = table.get(v).get(energy.id()).summary();
            means[i] = s.mean();
            half[i] = s.ciHigh() - s.mean();
            List<TrialRecord> ok = trials.stream().filter(t -> t.ok() && t.variant().equals(v)).toList();
            points.add(new double[][] {ok.stream().mapToDouble(energy.values()).toArray(),
                ok.stream().mapToDouble(accuracy.values()).toArray()});
        }
        List<Charts.Written> out = new ArrayList<>();
        out.add(Charts.bars(dir, "energy", "Energy per trial (mean, 95 % CI)", "energy per trial (J)", c.variants(),
                means, half));
        out.add(Charts.pareto(dir, c.variants(), points));
        for (int i = 0; i < c.variants().size(); i++) {
            String v = c.variants().get(i);
            java.util.Optional<TrialRecord> first = trials.stream().filter(t -> t.ok() && t.variant().equals(v))
                    .findFirst();
            if (first.isPresent() && Files.isRegularFile(runDir.resolve("power").resolve(first.get().id() + ".csv"))) {
                out.add(Charts.trace(dir, "power-trace-" + (i + 1), runDir.resolve("power")
                        .resolve(first.get().id() + ".csv"), first.get().id() + ", " + v));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Context context(Map<String, Object> m) {
        Map<String, Object> spec = (Map<String, Object>) m.get("spec");
        Map<String, Object> carbon = (Map<String, Object>) m.get("carbon");
        List<String> variants = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) m.get("plan")) {
            String v = (String) t.get("variant");
            if (!variants.contains(v)) {
                variants.add(v);
            }
        }
        return new Context((String) m.get("study"), (String) m.get("run_id"), (String) spec.get("description"),
                (String) spec.get("baseline"), variants, ((Number) carbon.get("intensity_g_per_kwh")).doubleValue(),
                ((Number) carbon.get("pue")).doubleValue(), m);
    }

    static List<Metric> metrics(Context c) {
        return metrics(c, List.of());
    }

    /**
     * The metrics of {@link #metrics(Context)} and, after them, every extra metric that an ok trial's command
     * reported ({@code outcome.metrics}), in order of first appearance.
     */
    static List<Metric> metrics(Context c, List<TrialRecord> trials) {
        List<Metric> m = standardMetrics(c);
        trials.stream().filter(TrialRecord::ok).filter(t -> t.outcome().metrics() != null)
                .flatMap(t -> t.outcome().metrics().keySet().stream()).distinct()
                .forEach(name -> m.add(new Metric("extra_" + name, name + " (reported by the trial)", "",
                        r -> r.outcome().metrics() == null ? Double.NaN : num(r.outcome().metrics().get(name)))));
        return m;
    }

    private static List<Metric> standardMetrics(Context c) {
        List<Metric> m = new ArrayList<>();
        m.add(new Metric("energy_per_trial", "energy per trial", "J", r -> num(r.energyJ())));
        m.add(new Metric("training_energy", "training energy", "J", r -> num(r.trainingEnergyJ())));
        m.add(new Metric("energy_per_training_sample", "energy per training sample", "mJ", r -> {
            TrialOutcome o = r.outcome();
            return o == null ? Double.NaN : num(r.trainingEnergyJ()) * 1000.0 / ((double) o.trainExamples()
                    * o.epochs().size());
        }));
        m.add(new Metric("wall_time", "wall time", "s", TrialRecord::wallSeconds));
        m.add(new Metric("co2e", "CO2e", "g", r -> co2eGrams(c, num(r.energyJ()))));
        m.add(new Metric("test_accuracy", "test accuracy", "", r -> r.outcome().testAccuracy()));
        m.add(new Metric("time_to_target", "time to target", "s", r -> {
            Integer n = r.outcome().targetEpoch();
            return n == null ? Double.NaN : r.outcome().epochs().stream().filter(e -> e.epoch() <= n)
                    .mapToDouble(TrialOutcome.Epoch::seconds).sum();
        }));
        m.add(new Metric("energy_to_target", "energy to target", "J", r -> {
            Integer n = r.outcome().targetEpoch();
            return n == null ? Double.NaN : r.epochEnergyJ().subList(0, n).stream()
                    .mapToDouble(StudyReport::num).sum();
        }));
        m.add(new Metric("inference_energy", "energy of 10,000 predictions", "J", r -> num(r.inferenceEnergyJ())));
        m.add(new Metric("training_gflops", "achieved training GFLOP/s", "GFLOP/s", StudyReport::achievedGflops));
        Roofline.fromManifest(c.manifest()).ifPresent(roofline -> m.add(new Metric("mfu",
                "MFU (of this machine's roofline)", "", r -> roofline.peak(Roofline.key(framework(r.outcome()),
                        Precision.of(r.outcome().precision()))).map(p -> achievedGflops(r) / p.gflops())
                        .orElse(Double.NaN))));
        return m;
    }

    /**
     * Training FLOPs (3x the model's forward FLOPs per example, every example of every epoch run) over the epochs'
     * wall time. That time includes validation, whose forward passes are not counted: a lower bound.
     */
    static double achievedGflops(TrialRecord r) {
        TrialOutcome o = r.outcome();
        if (java.util.Arrays.stream(Architecture.values()).noneMatch(a -> a.id().equals(o.model()))) {
            return Double.NaN; // a command's own model: its FLOPs are not known here
        }
        double seconds = o.epochs().stream().mapToDouble(TrialOutcome.Epoch::seconds).sum();
        return Architecture.of(o.model()).trainingFlops() * o.trainExamples() * o.epochs().size() / seconds / 1e9;
    }

    /** Who trained: the outcome names ND4J's SameDiff or DJL's engine; a command reports no DJL version. */
    static Framework framework(TrialOutcome o) {
        if (o.engine() != null && o.engine().startsWith("ND4J")) {
            return Framework.ND4J;
        }
        return o.djl() == null ? Framework.COMMAND : Framework.DJL;
    }

    /** Grams CO2e of {@code joules} at the run's intensity and PUE. */
    static double co2eGrams(Context c, double joules) {
        return org.carbonlab.carbon.CarbonAccountant.grams(joules, c.pue(), c.intensityGPerKwh());
    }

    static double num(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** The metric's values over the ok trials of {@code variant}, in trial order (NaN where not available). */
    static double[] sample(List<TrialRecord> trials, String variant, Metric m) {
        return trials.stream().filter(t -> t.ok() && t.variant().equals(variant)).mapToDouble(m.values()).toArray();
    }

    private static String csv(Context c, List<Metric> metrics, Map<String, Map<String, Cell>> table) {
        StringBuilder sb = new StringBuilder("variant,metric,unit,n,mean,sd,ci95_low,ci95_high,ratio_to_baseline,"
                + "ratio_ci95_low,ratio_ci95_high,welch_p,n_for_5pct\n");
        for (String v : c.variants()) {
            for (Metric m : metrics) {
                Cell cell = table.get(v).get(m.id());
                Summary s = cell.summary();
                if (s.n() == 0) {
                    continue;
                }
                sb.append(org.carbonlab.util.Csv.field(v)).append(',').append(m.id()).append(',').append(m.unit())
                        .append(',').append(s.n()).append(',').append(raw(s.mean())).append(',').append(raw(s.sd()))
                        .append(',').append(raw(s.ciLow())).append(',').append(raw(s.ciHigh()));
                Comparison k = cell.vsBaseline();
                if (k != null) {
                    sb.append(',').append(raw(k.ratio())).append(',').append(raw(k.ratioLow())).append(',')
                            .append(raw(k.ratioHigh())).append(',').append(raw(k.welchP())).append(',')
                            .append(k.nFor5Pct() == 0 ? "" : Integer.toString(k.nFor5Pct()));
                } else {
                    sb.append(",,,,,");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String json(Context c, List<TrialRecord> trials, List<Metric> metrics,
                               Map<String, Map<String, Cell>> table) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "carbonlab-summary-v1");
        root.put("study", c.study());
        root.put("run_id", c.runId());
        root.put("baseline", c.baseline());
        Counts n = Counts.of(c, trials);
        ObjectNode counts = root.putObject("trials");
        counts.put("planned", n.planned());
        counts.put("ok", n.ok());
        counts.put("failed", n.failed());
        counts.put("interrupted", n.interrupted());
        counts.put("not_run", n.notRun());
        if (n.timedOut() > 0) {
            counts.put("timed_out", n.timedOut());
        }
        root.put("energy_provenance", provenance(trials));
        root.put("intensity_g_per_kwh", c.intensityGPerKwh());
        root.put("pue", c.pue());
        ArrayNode vs = root.putArray("variants");
        for (String v : c.variants()) {
            ObjectNode vo = vs.addObject();
            vo.put("variant", v);
            ObjectNode ms = vo.putObject("metrics");
            for (Metric m : metrics) {
                Cell cell = table.get(v).get(m.id());
                Summary s = cell.summary();
                if (s.n() == 0) {
                    continue;
                }
                ObjectNode mo = ms.putObject(m.id());
                mo.put("unit", m.unit());
                mo.put("n", s.n());
                put(mo, "mean", s.mean());
                put(mo, "sd", s.sd());
                put(mo, "ci95_low", s.ciLow());
                put(mo, "ci95_high", s.ciHigh());
                Comparison k = cell.vsBaseline();
                if (k != null) {
                    ObjectNode ko = mo.putObject("against_baseline");
                    put(ko, "ratio", k.ratio());
                    put(ko, "ratio_ci95_low", k.ratioLow());
                    put(ko, "ratio_ci95_high", k.ratioHigh());
                    put(ko, "welch_p", k.welchP());
                    ko.put("n_for_5pct", k.nFor5Pct());
                    ArrayNode notes = ko.putArray("notes");
                    k.notes().forEach(notes::add);
                }
            }
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /** The distinct provenance labels of the trials' totals. */
    static String provenance(List<TrialRecord> trials) {
        return String.join(", ", trials.stream().filter(TrialRecord::ok).map(TrialRecord::provenance).distinct()
                .toList());
    }

    /** A number for people: about four significant digits, {@code n/a} when unknown. */
    static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "n/a" : x > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(x);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.3f", x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /** A number for machines: shortest exact decimal, empty when unknown. */
    static String raw(double x) {
        return Double.isFinite(x) ? Double.toString(x) : Double.isNaN(x) ? "" : x > 0 ? "inf" : "-inf";
    }

    private static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
