package org.carbonlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.carbonlab.results.Blocks;
import org.carbonlab.results.Disturbance;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Outliers;
import org.carbonlab.stats.PairedBootstrap;
import org.carbonlab.stats.StoppingRule;
import org.carbonlab.stats.Summary;
import org.carbonlab.util.Numbers;

/**
 * The part of {@code summary.md} that says how conclusive a study is, for runs that record a design (warm-ups,
 * fixed or adaptive blocks, the quiet-machine gate; older runs have none and their summaries do not change): why it
 * ran as many blocks as it did and the half-widths after each block, the paired analysis beside Fieller's interval,
 * outliers with a sensitivity line per ratio, disturbed trials, and warnings.
 */
final class DesignReport {

    /** A coefficient of variation from which a variant's spread is called large (pyperf warns at the same). */
    static final double LARGE_CV = 0.10;

    private final StudyTable t;
    private final Optional<Blocks.Stop> stop;
    private final List<TrialRecord> trials;
    private final List<String> variants;
    private final String baseline;
    private final TrialMetric steer;
    private final Map<String, Double> target;
    private final SpreadReport spread;

    private DesignReport(StudyTable t, Optional<Blocks.Stop> stop, SpreadReport spread) {
        this.t = t;
        this.stop = stop;
        this.spread = spread;
        this.trials = t.trials();
        this.variants = t.context().variants();
        this.baseline = t.context().baseline();
        Object reps = t.context().manifest().specValue("repetitions");
        Map<String, Double> until = new LinkedHashMap<>();
        TrialMetric m = TrialMetric.ENERGY_PER_TRIAL;
        if (reps instanceof Map<?, ?> r && r.get("until") instanceof Map<?, ?> u) {
            m = TrialMetric.of(String.valueOf(u.get("metric")));
            until.put("min", ((Number) r.get("min")).doubleValue());
            until.put("max", ((Number) r.get("max")).doubleValue());
            until.put("half-width", ((Number) u.get("half-width")).doubleValue());
        }
        this.steer = m;
        this.target = until;
    }

    /** Whether the run records a design (every run since warm-ups and adaptive blocks exist). */
    static boolean applies(StudyTable t) {
        return t.context().manifest().specValue("warmup") != null;
    }

    /**
     * The design's sections of {@code summary.md}, or "" for a run without a recorded design; {@code spread} names
     * each variant's dominant segment.
     */
    static String markdown(StudyTable t, Optional<Blocks.Stop> stop, SpreadReport spread) {
        return applies(t) ? new DesignReport(t, stop, spread).render() : "";
    }

    /**
     * The design in {@code summary.json}: the stop (blocks, reason, words), the half-widths after each block, the
     * outliers and the disturbed trials; empty for a run without a recorded design.
     */
    static Optional<Map<String, Object>> json(StudyTable t, Optional<Blocks.Stop> stop) {
        if (!applies(t)) {
            return Optional.empty();
        }
        DesignReport d = new DesignReport(t, stop, SpreadReport.NONE);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmup", t.context().manifest().specValue("warmup"));
        m.put("repetitions", t.context().manifest().specValue("repetitions"));
        m.put("stop", stop.orElse(null));
        m.put("steering_metric", d.steer.id());
        List<Map<String, Object>> blocks = new ArrayList<>();
        List<Map<String, Double>> tr = Blocks.trajectory(d.trials, d.variants, d.baseline, d.steer);
        for (int i = 0; i < tr.size(); i++) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("block", i + 2);
            Map<String, Double> hw = new LinkedHashMap<>();
            tr.get(i).forEach((v, w) -> hw.put(v, org.carbonlab.results.Json.known(w)));
            b.put("relative_half_width", hw);
            blocks.add(b);
        }
        m.put("after_each_block", blocks);
        m.put("outliers", d.trials.stream().filter(r -> d.outlierZ(r).isPresent()).map(TrialRecord::id).toList());
        m.put("disturbed", d.trials.stream().filter(r -> r.disturbance() != null && r.disturbance().disturbed())
                .map(TrialRecord::id).toList());
        return Optional.of(m);
    }

    /** Per trial id, what the trial table should say about it beyond its status (warm-up, outlier, disturbed). */
    static Map<String, String> trialNotes(StudyTable t) {
        Map<String, String> notes = new LinkedHashMap<>();
        if (!applies(t)) {
            return notes;
        }
        DesignReport d = new DesignReport(t, Optional.empty(), SpreadReport.NONE);
        for (TrialRecord r : t.trials()) {
            List<String> n = new ArrayList<>();
            if (r.status() == TrialStatus.WARMUP) {
                n.add("warm-up, not counted");
            }
            d.outlierZ(r).ifPresent(z -> n.add(String.format(Locale.ROOT, "outlier (modified z %.1f on %s)", z,
                    d.steer.label())));
            if (r.disturbance() != null && r.disturbance().disturbed()) {
                n.add("disturbed: " + r.disturbance().reason());
            }
            if (!n.isEmpty()) {
                notes.put(r.id(), String.join("; ", n));
            }
        }
        return notes;
    }

    private String render() {
        StringBuilder sb = new StringBuilder("\n## How conclusive: design, stopping, outliers\n\n");
        int warmup = ((Number) t.context().manifest().specValue("warmup")).intValue();
        sb.append("- warm-up: ").append(warmup == 0 ? "none" : warmup + " trial(s) per variant, run first, listed"
                + " with status warmup below and never counted").append('\n');
        if (target.isEmpty()) {
            sb.append("- repetitions: a fixed ").append(t.context().manifest().specValue("repetitions"))
                    .append(" blocks of one trial per variant\n");
        } else {
            sb.append(String.format(Locale.ROOT, "- repetitions: adaptive, %.0f to %.0f blocks until every ratio's 95"
                    + " %% CI of %s is within +-%s of the ratio (Fieller's interval, the one in the tables, decides;"
                    + " the paired bootstrap is shown beside it)%n", target.get("min"), target.get("max"),
                    steer.label(), pct(target.get("half-width"))));
            sb.append("- ").append(stop.map(s -> "stopped after " + s.blocks() + " blocks: " + s.words())
                    .orElse("no stop recorded: the run was interrupted or is still running")).append('\n');
        }
        trajectory(sb);
        List<String> dominant = spread.dominantLines();
        if (!dominant.isEmpty()) {
            sb.append("\n- where the spread comes from (the segments' budget is below):\n");
            dominant.forEach(l -> sb.append("  - ").append(l).append('\n'));
        }
        disturbance(sb);
        paired(sb);
        warnings(sb);
        return sb.toString();
    }

    private void trajectory(StringBuilder sb) {
        List<Map<String, Double>> tr = Blocks.trajectory(trials, variants, baseline, steer);
        if (tr.isEmpty() || variants.size() < 2) {
            return;
        }
        sb.append("\nHalf-width of each ratio's 95 % CI of ").append(steer.label())
                .append(", relative to the ratio, after each block:\n\n| block |");
        List<String> others = variants.stream().filter(v -> !v.equals(baseline)).toList();
        others.forEach(v -> sb.append(' ').append(v).append(" |"));
        sb.append("\n|---|").append("---|".repeat(others.size())).append('\n');
        for (int i = 0; i < tr.size(); i++) {
            sb.append("| ").append(i + 2).append(" |");
            for (String v : others) {
                sb.append(' ').append(pct(tr.get(i).get(v))).append(" |");
            }
            sb.append('\n');
        }
    }

    private void disturbance(StringBuilder sb) {
        List<TrialRecord> judged = trials.stream().filter(r -> r.disturbance() != null).toList();
        if (judged.isEmpty()) {
            return;
        }
        List<TrialRecord> disturbed = judged.stream().filter(r -> r.disturbance().disturbed()).toList();
        double waited = judged.stream().mapToDouble(r -> r.disturbance().waitedSeconds()).sum();
        long loud = judged.stream().filter(r -> Boolean.FALSE.equals(r.disturbance().quietAtStart())).count();
        sb.append(String.format(Locale.ROOT, "%n- disturbed trials: %d of %d%s (disturbed: busy CPU outside the"
                + " measured tree of at least %.0f %% of a core over the trial, or stolen time of at least %.0f %% of"
                + " the CPUs)%n", disturbed.size(), judged.size(), disturbed.isEmpty() ? "" : ": " + String.join(", ",
                disturbed.stream().map(r -> r.id() + " (" + r.disturbance().reason() + ")").toList()),
                100 * Disturbance.OUTSIDE_SHARE, 100 * Disturbance.STEAL_SHARE));
        if (judged.stream().anyMatch(r -> r.disturbance().quietAtStart() != null)) {
            sb.append(String.format(Locale.ROOT, "- quiet-machine gate: %.0f s waited in all; %d trials started"
                    + " before the machine was quiet (the wait ran out)%n", waited, loud));
        }
    }

    private void paired(StringBuilder sb) {
        if (variants.size() < 2) {
            return;
        }
        Set<TrialMetric> shown = new LinkedHashSet<>(List.of(steer, TrialMetric.ENERGY_PER_TRIAL,
                TrialMetric.TRAINING_ENERGY, TrialMetric.WALL_TIME));
        long seed = ((Number) t.context().manifest().specValue("seed")).longValue();
        sb.append("\nPaired analysis: repetition r trains with the same seed in every variant, so the pairs are"
                + " resampled together (block-paired bootstrap, " + PairedBootstrap.RESAMPLES + " resamples, seed "
                + seed + "); \"without outliers\" leaves out the trials flagged below.\n\n"
                + "| variant | metric | ratio | Fieller 95 % CI | paired bootstrap 95 % CI | without outliers |\n"
                + "|---|---|---|---|---|---|\n");
        for (String v : variants) {
            if (v.equals(baseline)) {
                continue;
            }
            for (TrialMetric m : shown) {
                double[] a = byBlock(baseline, m);
                double[] b = byBlock(v, m);
                Comparison c = Comparison.of(a, b);
                if (c.baseline().n() == 0 || c.variant().n() == 0) {
                    continue;
                }
                PairedBootstrap pb = PairedBootstrap.of(a, b, seed);
                Comparison clean = Comparison.of(withoutOutliers(a), withoutOutliers(b));
                sb.append("| ").append(v).append(" | ").append(m.label()).append(" | ").append(Numbers.people(c.ratio()))
                        .append(" | ").append(ci(c.ratioLow(), c.ratioHigh())).append(" | ").append(ci(pb.low(),
                                pb.high())).append(" | ").append(Numbers.people(clean.ratio())).append(' ')
                        .append(ci(clean.ratioLow(), clean.ratioHigh())).append(" |\n");
            }
        }
    }

    private void warnings(StringBuilder sb) {
        List<String> w = new ArrayList<>();
        Map<String, Double> cv = new LinkedHashMap<>();
        for (String v : variants) {
            Summary s = Summary.of(byBlock(v, steer));
            double c = s.sd() / Math.abs(s.mean());
            cv.put(v, c);
            if (s.n() >= 2 && c >= LARGE_CV) {
                w.add(String.format(Locale.ROOT, "%s: %s varies by %s (CV) between trials, at least %s: the interval"
                        + " needs many repetitions or a quieter machine", v, steer.label(), pct(c), pct(LARGE_CV)));
            }
            List<TrialRecord> counted = counted(v);
            if (!counted.isEmpty() && outlierZ(counted.get(0)).isPresent()) {
                w.add(v + ": its first trial (" + counted.get(0).id() + ") is an outlier: a warm-up trial would"
                        + " keep such a start out of the statistics");
            }
        }
        w.addAll(spread.warnings());
        if (!target.isEmpty() && stop.map(s -> s.reason() == StoppingRule.Reason.MAX).orElse(false)) {
            double hw = target.get("half-width");
            for (String v : variants) {
                if (!v.equals(baseline)) {
                    int n = StoppingRule.repetitionsFor(hw, cv.get(baseline), cv.get(v));
                    w.add(String.format(Locale.ROOT, "%s: the design cannot reach +-%s on %s: at the observed spread"
                            + " about %s repetitions per variant would (max is %.0f)", v, pct(hw), steer.label(),
                            n == Integer.MAX_VALUE ? "unboundedly many" : Integer.toString(n), target.get("max")));
                }
            }
        }
        List<String> flagged = trials.stream().filter(r -> outlierZ(r).isPresent()).map(TrialRecord::id).toList();
        sb.append("\n- outliers (modified z-score above ").append(Outliers.THRESHOLD)
                .append(" on median and MAD of ").append(steer.label()).append(", per variant): ")
                .append(flagged.isEmpty() ? "none" : String.join(", ", flagged) + " (kept in every table)")
                .append('\n');
        if (!w.isEmpty()) {
            sb.append("\nWarnings:\n\n");
            w.forEach(x -> sb.append("- ").append(x).append('\n'));
        }
    }

    /** The counted trials of {@code variant}, by block. */
    private List<TrialRecord> counted(String variant) {
        return trials.stream().filter(r -> r.ok() && r.variant().equals(variant))
                .sorted(java.util.Comparator.comparingInt(TrialRecord::repetition)).toList();
    }

    /** {@code metric} of {@code variant} by block 1..last (NaN where a block has no counted trial). */
    private double[] byBlock(String variant, TrialMetric metric) {
        return Blocks.sample(trials, variant, metric, Blocks.reached(trials));
    }

    /** The modified z-score of a counted trial on the steering metric within its variant, if it is an outlier. */
    private Optional<Double> outlierZ(TrialRecord r) {
        if (!r.ok()) {
            return Optional.empty();
        }
        double z = Outliers.modifiedZ(byBlock(r.variant(), steer))[r.repetition() - 1];
        return Math.abs(z) > Outliers.THRESHOLD ? Optional.of(z) : Optional.empty();
    }

    private double[] withoutOutliers(double[] x) {
        double[] out = x.clone();
        boolean[] f = Outliers.flags(x);
        for (int i = 0; i < out.length; i++) {
            if (f[i]) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    private static String ci(double lo, double hi) {
        return Double.isNaN(lo) ? "n/a" : "[" + Numbers.people(lo) + ", " + Numbers.people(hi) + "]";
    }

    private static String pct(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.1f %%", 100 * f) : "unbounded";
    }
}
