package org.carbonlab.report.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.carbonlab.stats.Interval;
import org.carbonlab.carbon.CarbonAccountant;
import org.carbonlab.results.Blocks;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.StoppingRule;
import org.carbonlab.stats.Summary;

/**
 * The one table every study output renders: per variant and metric, the summary of the ok trials' values and
 * the comparison with the baseline, computed once from the run's raw files. {@link SummaryMarkdown},
 * {@link SummaryCsv}, {@link SummaryJson}, {@link EmissionsCsv}, {@link StudyCharts} and the HTML page only
 * render it.
 *
 * @param context the run's facts besides the trials
 * @param trials  the last record of each trial, in trial order
 * @param metrics the metrics, in table order
 * @param cells   per variant, per metric id, the cell
 */
public record StudyTable(Context context, List<TrialRecord> trials, List<Metric> metrics,
                         Map<String, Map<String, Cell>> cells) {

    /**
     * A per-trial quantity summarised per variant and compared with the baseline.
     *
     * @param id     machine name (CSV, JSON)
     * @param title  for tables
     * @param unit   its unit
     * @param values how to read it from a trial (NaN: not available for that trial)
     */
    record Metric(String id, String title, String unit, ToDoubleFunction<TrialRecord> values) {

        /** The column of a per-trial metric of results. */
        static Metric of(TrialMetric m) {
            return new Metric(m.summaryId(), m.label(), m.unit(), m::of);
        }

        /**
         * How a variant is set against the baseline on it: accuracies (bounded fractions; every metric whose id
         * names an accuracy) as differences in points, everything else as ratios.
         */
        Comparison.Scale scale() {
            return id.contains("accuracy") ? Comparison.Scale.DIFFERENCE : Comparison.Scale.RATIO;
        }
    }

    /** The short label reports give {@code variant} of the run {@code m} (its spec's label, or its name). */
    public static String shortLabel(RunManifest m, String variant) {
        return Context.of(m).shortLabel(variant);
    }

    /**
     * The run's facts a report needs besides the trials.
     *
     * @param manifest the run's manifest
     * @param variants the variants in plan order
     * @param stop     why an adaptive study stopped ({@code stop.json}), if it did
     */
    record Context(RunManifest manifest, List<String> variants, Optional<Blocks.Stop> stop) {

        static Context of(RunManifest m) {
            return of(m, Optional.empty());
        }

        /** The context of a run that stopped by a rule as {@code stop} says. */
        static Context of(RunManifest m, Optional<Blocks.Stop> stop) {
            return new Context(m, m.plan().stream().map(RunManifest.PlannedTrial::variant).distinct().toList(), stop);
        }

        /**
         * The blocks whose spread sized the study, which the intervals therefore leave out of their spread (0: none,
         * e.g. a fixed design, or a study that ran to its most blocks).
         */
        int pilot() {
            return stop.filter(s -> s.reason() == StoppingRule.Reason.PLANNED).isPresent() ? StoppingRule.PILOT : 0;
        }

        /** An adaptive design's target half-width ({@code repetitions.until.half-width}); NaN for a fixed design. */
        double halfWidth() {
            return manifest.definition().repetitions().halfWidth();
        }

        String study() {
            return manifest.study();
        }

        String runId() {
            return manifest.runId();
        }

        String description() {
            return manifest.definition().description();
        }

        String baseline() {
            return manifest.definition().baseline();
        }

        /**
         * The words a reader sees for {@code variant}: its spec {@code label} with the settings beside it, e.g.
         * {@code PyTorch amp-bf16 (engine=command precision=amp-bf16)}, or its settings where it has none.
         */
        String label(String variant) {
            String l = shortLabel(variant);
            return l.equals(variant) ? variant : l + " (" + variant + ")";
        }

        /** The spec {@code label} of {@code variant} alone (charts), or its settings where it has none. */
        String shortLabel(String variant) {
            return manifest.definition().label(variant).orElse(variant);
        }

        double intensityGPerKwh() {
            return manifest.carbon().intensityGPerKwh();
        }

        double pue() {
            return manifest.carbon().pue();
        }

        /** Grams CO2e of {@code joules} at the run's intensity and PUE. */
        double co2eGrams(double joules) {
            return CarbonAccountant.grams(joules, pue(), intensityGPerKwh());
        }
    }

    /**
     * One metric of one variant.
     *
     * @param summary    the summary of its values over the variant's ok trials (n = 0: none)
     * @param vsBaseline the comparison with the baseline's values (null for the baseline itself)
     */
    record Cell(Summary summary, Comparison vsBaseline) {
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

        static Counts of(Context c, List<TrialRecord> trials) {
            int planned = c.manifest().plan().size();
            return new Counts(planned, trials.stream().filter(TrialRecord::ok).count(),
                    trials.stream().filter(t -> t.status() == TrialStatus.FAILED).count(),
                    trials.stream().filter(t -> t.status() == TrialStatus.INTERRUPTED).count(), planned - trials.size(),
                    trials.stream().filter(t -> t.status() == TrialStatus.TIMED_OUT).count());
        }
    }

    /**
     * The table of a run: its manifest, the last record of each trial and its stop. The trials pair by block: a
     * variant is compared with the baseline by {@link Comparison#paired}.
     */
    static StudyTable of(RunManifest manifest, List<TrialRecord> records, Optional<Blocks.Stop> stop) {
        Context c = Context.of(manifest, stop);
        List<TrialRecord> trials = new ArrayList<>(records);
        trials.sort(java.util.Comparator.comparingInt(TrialRecord::trial));
        List<Metric> metrics = metrics(c, trials);
        Map<String, Map<String, Cell>> t = new LinkedHashMap<>();
        for (String v : c.variants()) {
            Map<String, Cell> row = new LinkedHashMap<>();
            for (Metric m : metrics) {
                double[] x = byBlock(trials, v, m);
                row.put(m.id(), new Cell(Summary.of(x), v.equals(c.baseline()) ? null
                        : Comparison.paired(byBlock(trials, c.baseline(), m), x, m.scale(), c.pilot())));
            }
            t.put(v, row);
        }
        return new StudyTable(c, List.copyOf(trials), List.copyOf(metrics), t);
    }

    /** The cell of {@code variant} and {@code metric}. */
    Cell cell(String variant, Metric metric) {
        return cells.get(variant).get(metric.id());
    }

    /** How the planned trials ended. */
    Counts counts() {
        return Counts.of(context, trials);
    }

    /** The distinct provenance labels of the trials' totals. */
    String provenance() {
        return provenance(trials);
    }

    /** The standard metrics of a run (what two runs are compared on). */
    static List<Metric> metrics(Context c) {
        return metrics(c, List.of());
    }

    /**
     * The metrics of {@link #metrics(Context)}, the start-up's time and energy where the records have them, and,
     * after them, every extra metric that an ok trial's command reported ({@code outcome.metrics}) and every figure
     * the workload's {@code capture:} patterns found, each in order of first appearance.
     */
    static List<Metric> metrics(Context c, List<TrialRecord> trials) {
        List<Metric> m = standardMetrics(c);
        if (trials.stream().anyMatch(t -> t.ok() && t.startup() != null)) { // runs since start-up was recorded
            m.add(new Metric("startup_time", "start-up time (to the first training step)", "s",
                    r -> r.startup() == null ? Double.NaN : r.startup().seconds()));
            m.add(new Metric("startup_energy", "start-up energy", "J",
                    r -> r.startup() == null ? Double.NaN : num(r.startup().energyJ())));
        }
        trials.stream().filter(TrialRecord::ok).filter(t -> t.outcome().metrics() != null)
                .flatMap(t -> t.outcome().metrics().keySet().stream()).distinct()
                .forEach(name -> m.add(new Metric("extra_" + name, name + " (reported by the trial)", "",
                        r -> r.outcome().metrics() == null ? Double.NaN : num(r.outcome().metrics().get(name)))));
        Map<String, String> captured = new LinkedHashMap<>(); // name -> unit; test-accuracy fills the outcome's
        trials.stream().filter(t -> t.ok() && t.captures() != null).flatMap(t -> t.captures().entrySet().stream())
                .filter(e -> !e.getKey().equals(TrialMetric.TEST_ACCURACY.id()))
                .forEach(e -> captured.putIfAbsent(e.getKey(), e.getValue().unit()));
        captured.forEach((name, unit) -> m.add(new Metric("captured_" + name.replace('-', '_'), name
                + " (captured from the output)", unit, r -> r.captured(name))));
        return m;
    }

    private static List<Metric> standardMetrics(Context c) {
        List<Metric> m = new ArrayList<>();
        m.add(Metric.of(TrialMetric.ENERGY_PER_TRIAL));
        m.add(Metric.of(TrialMetric.TRAINING_ENERGY));
        m.add(new Metric("energy_per_training_sample", "energy per training sample", "mJ", r -> {
            TrialOutcome o = r.outcome();
            return o == null || !o.reported() ? Double.NaN : num(r.trainingEnergyJ()) * 1000.0
                    / ((double) o.trainExamples() * o.epochs().size());
        }));
        m.add(Metric.of(TrialMetric.WALL_TIME));
        m.add(new Metric("co2e", "CO2e", "g", r -> c.co2eGrams(num(r.energyJ()))));
        m.add(Metric.of(TrialMetric.TEST_ACCURACY));
        m.add(new Metric("time_to_target", "time to target", "s", r -> {
            Integer n = r.outcome().targetEpoch();
            return n == null ? Double.NaN : r.outcome().epochs().stream().filter(e -> e.epoch() <= n)
                    .mapToDouble(TrialOutcome.Epoch::seconds).sum();
        }));
        m.add(new Metric("energy_to_target", "energy to target", "J", r -> {
            Integer n = r.outcome().targetEpoch();
            return n == null ? Double.NaN : r.epochEnergyJ().subList(0, n).stream()
                    .mapToDouble(StudyTable::num).sum();
        }));
        m.add(Metric.of(TrialMetric.INFERENCE_ENERGY));
        m.add(new Metric("training_gflops", "achieved training rate", "GFLOP/s", r -> r.outcome().achievedGflops()));
        if (c.manifest().machineRoofline().isPresent()) {
            m.add(new Metric("mfu", "MFU (of this machine's roofline)", "", r -> c.manifest().mfu(r.outcome())));
        }
        return m;
    }

    static double num(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** The metric's values over the ok trials of {@code variant}, in trial order (NaN where not available). */
    static double[] sample(List<TrialRecord> trials, String variant, Metric m) {
        return trials.stream().filter(t -> t.ok() && t.variant().equals(variant)).mapToDouble(m.values()).toArray();
    }

    /** The metric's values of {@code variant}'s ok trials by block: element r - 1 is block r's (NaN: none). */
    static double[] byBlock(List<TrialRecord> trials, String variant, Metric m) {
        int blocks = trials.stream().mapToInt(TrialRecord::repetition).max().orElse(0);
        double[] x = new double[blocks];
        java.util.Arrays.fill(x, Double.NaN);
        trials.stream().filter(t -> t.ok() && t.variant().equals(variant) && t.repetition() >= 1)
                .forEach(t -> x[t.repetition() - 1] = m.values().applyAsDouble(t));
        return x;
    }

    /**
     * The estimate's band of the ok trials of {@code variant} (null: every variant) as factors of their energy: the
     * widest of them; empty where none has one (measured, or a model without a band).
     */
    static Optional<Interval> bandFactors(List<TrialRecord> trials, String variant) {
        List<TrialRecord> b = trials.stream().filter(r -> r.ok() && (variant == null || r.variant().equals(variant))
                && r.energyBand() != null && r.energyJ() != null && r.energyJ() > 0).toList();
        return b.isEmpty() ? Optional.empty() : Optional.of(new Interval(1,
                b.stream().mapToDouble(r -> r.energyBand().lowJ() / r.energyJ()).min().orElseThrow(),
                b.stream().mapToDouble(r -> r.energyBand().highJ() / r.energyJ()).max().orElseThrow()));
    }

    /**
     * Whether the ok trials of {@code a} and {@code b} (null: every variant) were all priced by one model row (the
     * same band basis, or none): that row's scale then multiplies both sides and cancels exactly in their ratio.
     */
    static boolean samePricing(List<TrialRecord> trials, String a, String b) {
        java.util.Set<String> bases = new java.util.HashSet<>();
        trials.stream().filter(r -> r.ok() && (a == null || r.variant().equals(a) || r.variant().equals(b)))
                .forEach(r -> bases.add(r.energyBand() == null ? "" : r.energyBand().basis()));
        return bases.size() <= 1;
    }

    /** Whether {@code m} scales with the trials' energy (J, mJ, CO2e in g): where an estimate's band applies. */
    static boolean scalesWithEnergy(Metric m) {
        return List.of("J", "mJ", "g").contains(m.unit());
    }

    /** The distinct provenance labels of the trials' totals. */
    static String provenance(List<TrialRecord> trials) {
        return String.join(", ", trials.stream().filter(TrialRecord::ok).map(r -> String.valueOf(r.provenance()))
                .distinct()
                .toList());
    }
}
