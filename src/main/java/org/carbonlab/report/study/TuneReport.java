package org.carbonlab.report.study;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.carbonlab.results.Json;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TuneDefinition;
import org.carbonlab.results.TuneRace;
import org.carbonlab.stats.Interval;
import org.carbonlab.stats.Race;
import org.carbonlab.stats.RaceSimulation;
import org.carbonlab.stats.Summary;
import org.carbonlab.util.Csv;

/**
 * What a tune found ({@code carbonlab tune}), from its run's raw files: the chosen setting with its interval and its
 * saving against the default, how sure the race is, what it spent against the full grid at the same confidence,
 * every candidate with its figures and when and why it left, the Pareto set of energy, time and accuracy, and the
 * race replayed on the measured surface (how often this design picks the best there). {@code tune.md},
 * {@code tune.json} and {@code race.csv}.
 */
final class TuneReport {

    /** Simulated races on the measured surface. */
    static final int SIMULATED = 500;

    private final StudyTable t;
    private final TuneDefinition tune;
    private final List<String> candidates;
    private final String dflt;
    private final Race.Trace trace;
    private final TrialMetric objective;
    private final int grid;
    /** Every candidate's figures, in the manifest's order. */
    private final List<Row> rows;
    /** The race replayed on the measured surface: the share that found its best, and the mean trials spent. */
    private final double[] simulated;

    private TuneReport(StudyTable t) {
        this.t = t;
        RunManifest m = t.context().manifest();
        this.tune = m.definition().tune().orElseThrow();
        this.candidates = t.context().variants();
        this.dflt = m.definition().baseline();
        this.trace = TuneRace.of(tune, candidates, dflt, t.trials(), m.definition().seed());
        this.objective = tune.objectiveMetric();
        this.grid = m.definition().settingsNamed().orElse(candidates.size());
        this.rows = rows();
        this.simulated = simulated(rows); // once: tune.md and tune.json both state it
    }

    /** The report of the tune whose study table is {@code t} (empty for a study). */
    static Optional<TuneReport> of(StudyTable t) {
        return t.context().manifest().definition().tune().map(x -> new TuneReport(t));
    }

    /** One candidate's figures. */
    record Row(String name, int blocks, Summary objective, Summary accuracy, Summary wall,
                       Optional<Race.Exit> exit, boolean pareto) {
    }

    private double[] byBlock(String c, TrialMetric m) {
        double[] x = new double[Math.max(1, trace.blocks())];
        java.util.Arrays.fill(x, Double.NaN);
        for (TrialRecord r : t.trials()) {
            if (r.ok() && r.variant().equals(c) && r.repetition() >= 1 && r.repetition() <= x.length) {
                x[r.repetition() - 1] = m.of(r);
            }
        }
        return x;
    }

    private List<Row> rows() {
        List<Summary[]> figures = new ArrayList<>(); // objective, accuracy, wall time
        List<double[]> means = new ArrayList<>(); // objective, wall time, accuracy: the Pareto set's order
        for (String c : candidates) {
            Summary[] f = {Summary.of(byBlock(c, objective)), Summary.of(byBlock(c, TrialMetric.TEST_ACCURACY)),
                Summary.of(byBlock(c, TrialMetric.WALL_TIME))};
            figures.add(f);
            means.add(new double[] {f[0].mean(), f[2].mean(), f[1].mean()});
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            String c = candidates.get(i);
            Summary[] f = figures.get(i);
            Optional<Race.Exit> exit = trace.looks().stream().flatMap(l -> l.exits().stream())
                    .filter(e -> e.candidate().equals(c)).findFirst();
            out.add(new Row(c, f[0].n(), f[0], f[1], f[2], exit, paretoOptimal(means, i)));
        }
        return out;
    }

    private static Row row(List<Row> rows, String name) {
        return rows.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    /** Whether no other point is at most as costly and slow and at least as accurate, and better in one. */
    static boolean paretoOptimal(List<double[]> p, int i) {
        double[] a = p.get(i);
        if (!(Double.isFinite(a[0]) && Double.isFinite(a[1]))) {
            return false;
        }
        for (int j = 0; j < p.size(); j++) {
            double[] b = p.get(j);
            boolean accNo = Double.isNaN(a[2]) || Double.isNaN(b[2]);
            if (j != i && b[0] <= a[0] && b[1] <= a[1] && (accNo || b[2] >= a[2])
                    && (b[0] < a[0] || b[1] < a[1] || !accNo && b[2] > a[2])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The chosen setting against {@code other} on {@code m}, as the race compares candidates ({@link Race#ratio}: the
     * blocks both ran, the spread pooled over every candidate that ran them).
     */
    private Race.Pooled against(String chosen, String other, TrialMetric m) {
        java.util.Map<String, double[]> by = new java.util.LinkedHashMap<>();
        candidates.forEach(c -> by.put(c, byBlock(c, m)));
        return Race.ratio(by, chosen, other, 0.95);
    }

    private int trialsRun() {
        return t.trials().size();
    }

    /** Every candidate of the grid to the blocks the race ran, and the warm-ups. */
    private int fullGrid() {
        return grid * trace.blocks() + (int) t.trials().stream().filter(r -> r.repetition() == 0).count();
    }

    /**
     * The race replayed {@value #SIMULATED} times on the measured surface: each candidate's geometric mean and its
     * own spread (or the candidates' pooled one where it ran too few blocks), its accuracy; no shared drift (harder
     * than the paired design). Returns the share that chose the surface's best, or NaN where none meets the target.
     */
    private double[] simulated(List<Row> rows) {
        double pooled = Math.sqrt(rows.stream().filter(r -> r.blocks() >= 2).mapToDouble(r -> logSd(r.name()))
                .map(s -> s * s).average().orElse(0.01));
        double accPooled = Math.sqrt(rows.stream().filter(r -> r.accuracy().n() >= 2)
                .mapToDouble(r -> r.accuracy().sd() * r.accuracy().sd()).average().orElse(0));
        List<RaceSimulation.Truth> truth = new ArrayList<>();
        for (Row r : rows) {
            double[] x = byBlock(r.name(), objective);
            double gm = Math.exp(java.util.Arrays.stream(x).filter(Double::isFinite).map(Math::log).average()
                    .orElse(Double.NaN));
            if (!Double.isFinite(gm)) {
                continue;
            }
            truth.add(new RaceSimulation.Truth(r.name(), gm, r.blocks() >= 3 ? logSd(r.name()) : pooled,
                    r.accuracy().n() > 0 ? r.accuracy().mean() : Double.NaN,
                    r.accuracy().n() >= 3 ? r.accuracy().sd() : accPooled, r.wall().mean()));
        }
        Race.Rules rules = tune.rules();
        Optional<RaceSimulation.Truth> best = truth.stream().filter(x -> rules.target().isEmpty()
                || x.accuracy() >= rules.target().getAsDouble()).min(java.util.Comparator.comparingDouble(
                RaceSimulation.Truth::objective));
        if (best.isEmpty() || truth.stream().noneMatch(x -> x.name().equals(dflt))) {
            return new double[] {Double.NaN, 0};
        }
        int found = 0;
        double spent = 0;
        for (int s = 0; s < SIMULATED; s++) {
            RaceSimulation.Simulated r = RaceSimulation.simulate(rules, truth, dflt, 0, 0, Race.Budget.NONE, s + 1);
            found += r.chosen().equals(Optional.of(best.get().name())) ? 1 : 0;
            spent += r.trials();
        }
        return new double[] {found / (double) SIMULATED, spent / SIMULATED};
    }

    private double logSd(String c) {
        return Summary.of(java.util.Arrays.stream(byBlock(c, objective)).filter(v -> v > 0).map(Math::log).toArray())
                .sd();
    }

    /** {@code tune.md}. */
    String markdown() {
        StudyTable.Context c = t.context();
        StringBuilder sb = new StringBuilder("# ").append(c.study()).append(": tune, run ").append(c.runId())
                .append("\n\n");
        sb.append(answer()).append('\n');
        sb.append("## The race, block by block\n\n| after block | ran | left | why |\n|---|---|---|---|\n");
        for (Race.Look l : trace.looks()) {
            if (l.exits().isEmpty()) {
                sb.append("| ").append(l.block()).append(" | ").append(l.running().size()).append(" | none | ")
                        .append(l.block() < tune.blocks().first() ? "every candidate runs the first "
                        + tune.blocks().first() + " blocks" : "no interval excludes a survivor").append(" |\n");
            }
            for (Race.Exit e : l.exits()) {
                sb.append("| ").append(l.block()).append(" | ").append(l.running().size()).append(" | ")
                        .append(c.shortLabel(e.candidate())).append(" | ").append(e.why().words()).append(": ")
                        .append(e.words()).append(" |\n");
            }
        }
        sb.append('\n').append(trace.stop().map(s -> "The race ended: " + s.words() + ".\n")
                .orElse("The race has not ended (the run was interrupted or is still running).\n"));
        sb.append("\n## Every candidate\n\nMean and 95 % CI (Student t) over the blocks it ran; Pareto: no other"
                + " candidate is at most as costly and as slow and at least as accurate, and better in one.\n\n");
        sb.append("| candidate | blocks | ").append(objective.label()).append(" (").append(objective.unit())
                .append(") | test accuracy | wall time (s) | Pareto | left |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(c.shortLabel(r.name())).append(r.name().equals(dflt) ? " (default)" : "")
                    .append(" | ").append(r.blocks()).append(" | ").append(ci(r.objective(), 0)).append(" | ")
                    .append(ci(r.accuracy(), 4)).append(" | ").append(ci(r.wall(), 0)).append(" | ")
                    .append(r.pareto() ? "yes" : "").append(" | ")
                    .append(r.exit().map(e -> "after block " + e.block() + ": " + e.why().words())
                            .orElse(trace.survivors().contains(r.name()) ? "survived" : "")).append(" |\n");
        }
        sb.append("\n## How the race decides\n\n").append(method()).append('\n');
        return sb.toString();
    }

    private String answer() {
        StringBuilder sb = new StringBuilder("## The answer\n\n");
        Optional<String> chosen = trace.choice().flatMap(Race.Choice::chosen);
        StudyTable.Context c = t.context();
        if (trace.choice().isEmpty()) {
            sb.append("- no answer yet: the race has not ended\n");
        } else if (chosen.isEmpty()) {
            sb.append("- **no setting is chosen**: ").append(trace.choice().get().words()).append('\n');
        } else {
            String best = chosen.get();
            Row r = row(rows, best);
            sb.append(String.format(Locale.ROOT, "- **chosen: %s**: %s %s %s, test accuracy %s, wall time"
                    + " %s s (%d blocks)%n", c.shortLabel(best), objective.label(), ci(r.objective(), 0),
                    objective.unit(), ci(r.accuracy(), 4), ci(r.wall(), 0), r.blocks()));
            if (!best.equals(dflt)) {
                Race.Pooled p = against(best, dflt, objective);
                Interval e = p.interval();
                Interval w = against(best, dflt, TrialMetric.WALL_TIME).interval();
                sb.append(String.format(Locale.ROOT, "- against the default (%s): %s the %s (%s), %s the wall time"
                        + " (95 %% CIs: paired over the %d blocks both ran, the spread pooled over the %d candidates"
                        + " that ran them, %d degrees of freedom)%n", c.shortLabel(dflt), ratio(e), objective.label(),
                        saving(e), ratio(w), p.blocks(), p.candidates(), p.df()));
            } else {
                sb.append("- the default itself is the least: no saving to be had among these candidates\n");
            }
            OptionalDouble target = tune.rules().target();
            List<String> others = trace.survivors().stream().filter(x -> !x.equals(best)).filter(x -> target.isEmpty()
                    || row(rows, x).accuracy().mean() >= target.getAsDouble()).toList();
            if (!others.isEmpty()) {
                String next = others.stream().min(java.util.Comparator.comparingDouble(x -> row(rows, x).objective()
                        .mean())).orElseThrow();
                sb.append(String.format(Locale.ROOT, "- how sure: %s; against the next survivor that meets the"
                        + " target (%s): %s%n", trace.choice().get().words(), c.shortLabel(next),
                        ratio(against(best, next, objective).interval())));
            } else {
                sb.append("- how sure: ").append(trace.choice().get().words()).append("; every other candidate left"
                        + " the race or misses the target by its mean\n");
            }
        }
        double[] sim = simulated;
        sb.append(Double.isNaN(sim[0]) ? "- simulated: no candidate of the measured surface meets the target\n"
                : String.format(Locale.ROOT, "- simulated: on the measured surface (each candidate's geometric mean"
                + " and its own spread, no shared drift), this race chose the surface's best in %.1f %% of %d"
                + " seeded races, spending %.1f trials on average%n", 100 * sim[0], SIMULATED, sim[1]));
        sb.append(String.format(Locale.ROOT, "- spent: %d trials, against %d for the full grid of %d candidates at"
                + " the same confidence (%d blocks each) (%.0f %%); %.0f s of trials, %.1f J%n", trialsRun(),
                fullGrid(), grid, trace.blocks(), 100.0 * trialsRun() / fullGrid(), t.trials().stream()
                .mapToDouble(TrialRecord::wallSeconds).sum(), t.trials().stream().mapToDouble(x -> x.energyJ() == null
                ? 0 : x.energyJ()).sum()));
        if (grid > candidates.size()) {
            sb.append(String.format(Locale.ROOT, "- sampled: the grid has %d candidates, and their first blocks would"
                    + " take more than half the trial budget: %d ran (the default and %d drawn with the spec's"
                    + " seed); the others never ran%n", grid, candidates.size(), candidates.size() - 1));
        }
        List<String> front = rows.stream().filter(Row::pareto).map(x -> c.shortLabel(x.name())).toList();
        sb.append("- Pareto set (").append(objective.label()).append(", wall time, accuracy): ")
                .append(String.join("; ", front)).append('\n');
        return sb.toString();
    }

    private String method() {
        Race.Rules r = tune.rules();
        return String.format(Locale.ROOT, "Every candidate ran %d blocks (one trial per block, the same seed within"
                + " a block), then after each block a candidate left when a trial of it failed; when its accuracy's"
                + " interval lay below the target%s; when its wall time's lay above the limits%s; or when its %s was"
                + " worse than the leader's (the survivor with the least mean that meets the target): the paired log"
                + " ratio's interval, its spread pooled over all survivors (a block x candidate layout), above 1. Each"
                + " look takes its m intervals at 1 - %.2f / m (Bonferroni). The race ended at one survivor, %d"
                + " blocks, or the budget; the choice is the survivor with the least median (over blocks, less the"
                + " block's mean) that meets the target by its mean, so a candidate that misses it is never chosen."
                + " How sure: the share of 2,000 block bootstrap resamples in which it stays the least. Method and"
                + " its simulation: docs/statistics.md.", r.first(),
                r.target().isPresent() ? String.format(Locale.ROOT, " (%.4f)", r.target().getAsDouble()) : " (none)",
                r.maxWall().isPresent() || r.maxSlowdown().isPresent() ? "" : " (none)", objective.label(),
                1 - r.confidence(), r.max());
    }

    /** {@code race.csv}: one row per look and candidate that ran it: whether it left, why, and the interval. */
    String csv() {
        StringBuilder sb = new StringBuilder("block,candidate,event,why,estimate,low,high,words\n");
        for (Race.Look l : trace.looks()) {
            for (String c : l.running()) {
                Optional<Race.Exit> e = l.exits().stream().filter(x -> x.candidate().equals(c)).findFirst();
                sb.append(l.block()).append(',').append(Csv.field(c)).append(',')
                        .append(e.isPresent() ? "left" : "stayed").append(',')
                        .append(e.map(x -> x.why().name().toLowerCase(Locale.ROOT)).orElse("")).append(',')
                        .append(e.map(x -> num(x.interval().estimate())).orElse("")).append(',')
                        .append(e.map(x -> num(x.interval().low())).orElse("")).append(',')
                        .append(e.map(x -> num(x.interval().high())).orElse("")).append(',')
                        .append(Csv.field(e.map(Race.Exit::words).orElse(""))).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code tune.json}. */
    String json() throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("study", t.context().study());
        o.put("run_id", t.context().runId());
        o.set("tune", Json.MAPPER.valueToTree(tune));
        o.put("default", dflt);
        Optional<String> chosen = trace.choice().flatMap(Race.Choice::chosen);
        o.put("chosen", chosen.orElse(null));
        o.put("ended", trace.stop().map(Race.Stop::words).orElse(null));
        trace.choice().ifPresent(ch -> Json.put(o, "p_best", ch.pBest()));
        chosen.filter(x -> !x.equals(dflt)).ifPresent(x -> {
            Interval e = against(x, dflt, objective).interval();
            ObjectNode s = o.putObject("against_default");
            Json.put(s, "ratio", e.estimate());
            Json.put(s, "low", e.low());
            Json.put(s, "high", e.high());
        });
        o.put("trials", trialsRun());
        o.put("full_grid_trials", fullGrid());
        o.put("grid", grid);
        Json.put(o, "simulated_found_best", simulated[0]);
        o.put("simulated_races", SIMULATED);
        ArrayNode cs = o.putArray("candidates");
        for (Row r : rows) {
            ObjectNode x = cs.addObject();
            x.put("name", r.name());
            x.put("blocks", r.blocks());
            summary(x.putObject(objective.summaryId()), r.objective());
            summary(x.putObject("test_accuracy"), r.accuracy());
            summary(x.putObject("wall_time"), r.wall());
            x.put("pareto", r.pareto());
            x.put("left_after", r.exit().map(Race.Exit::block).orElse(null));
            x.put("why", r.exit().map(e -> e.why().name().toLowerCase(Locale.ROOT)).orElse(null));
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    private static void summary(ObjectNode o, Summary s) {
        o.put("n", s.n());
        Json.put(o, "mean", s.mean());
        Json.put(o, "low", s.ciLow());
        Json.put(o, "high", s.ciHigh());
    }

    /** The charts of the race and the candidates ({@link TuneCharts}). */
    List<Charts.Written> charts(java.nio.file.Path dir) throws java.io.IOException {
        return TuneCharts.draw(dir, t.context(), rows, trace.choice().flatMap(Race.Choice::chosen),
                tune.rules().target(), objective);
    }

    /** A mean with its interval: four significant digits, or {@code digits} decimals where given (accuracy). */
    private static String ci(Summary s, int digits) {
        java.util.function.DoubleFunction<String> f = digits > 0 ? x -> org.carbonlab.util.Numbers.fixed(x, digits)
                : org.carbonlab.util.Numbers::people;
        if (s.n() == 0) {
            return "n/a";
        }
        return s.n() >= 2 && Double.isFinite(s.ciLow()) ? f.apply(s.mean()) + " [" + f.apply(s.ciLow()) + ", "
                + f.apply(s.ciHigh()) + "]" : f.apply(s.mean());
    }

    private static String ratio(Interval i) {
        return i.bounded() ? String.format(Locale.ROOT, "%.3fx [%.3f, %.3f]", i.estimate(), i.low(), i.high())
                : String.format(Locale.ROOT, "%.3fx (no interval)", i.estimate());
    }

    private static String saving(Interval i) {
        if (!i.bounded()) {
            return "no interval";
        }
        return String.format(Locale.ROOT, "saves %.0f %% [%.0f, %.0f]", 100 * (1 - i.estimate()), 100 * (1 - i.high()),
                100 * (1 - i.low()));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }
}
