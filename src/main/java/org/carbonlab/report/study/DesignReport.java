package org.carbonlab.report.study;

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
import org.carbonlab.stats.Certificate;
import org.carbonlab.stats.StoppingRule;
import org.carbonlab.stats.Summary;
import org.carbonlab.util.Numbers;

/**
 * The part of {@code summary.md} that says how conclusive a study is, for runs that record a design (warm-ups,
 * fixed or adaptive blocks, the quiet-machine gate; older runs have none and their summaries do not change): why it
 * ran as many blocks as it did, the order within blocks, the design's {@link Certificate} at the observed spread, the
 * paired interval beside the unpaired one and without the listed outliers, disturbed trials, and warnings.
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
    /** The adaptive design's target (empty: fixed blocks). */
    private final Optional<Target> target;
    private final SpreadReport spread;

    /** The certificate, computed once on first use (a few thousand simulated studies). */
    private Optional<Certificate> certificate;

    private DesignReport(StudyTable t, SpreadReport spread) {
        this.t = t;
        this.stop = t.context().stop();
        this.spread = spread;
        this.trials = t.trials();
        this.variants = t.context().variants();
        this.baseline = t.context().baseline();
        org.carbonlab.results.StudyDefinition.Repetitions reps = t.context().manifest().definition().repetitions();
        boolean adaptive = reps.adaptive() && reps.metric().isPresent();
        this.steer = adaptive ? TrialMetric.of(reps.metric().get()) : TrialMetric.ENERGY_PER_TRIAL;
        this.target = adaptive ? Optional.of(new Target(reps.min(), reps.max(), t.context().halfWidth()))
                : Optional.empty();
    }

    /** Whether the run records a design (every run since warm-ups and adaptive blocks exist). */
    static boolean applies(StudyTable t) {
        return t.context().manifest().definition().warmup().isPresent();
    }

    /** The design of {@code t}'s run (its stop is the table's); {@code spread} names each variant's dominant segment. */
    static DesignReport of(StudyTable t, SpreadReport spread) {
        return new DesignReport(t, spread);
    }

    /** Where the spread comes from. */
    SpreadReport spread() {
        return spread;
    }

    /** The design's sections of {@code summary.md}, or "" for a run without a recorded design. */
    String markdown() {
        return applies(t) ? render() : "";
    }

    /**
     * The design in {@code summary.json}: the stop (blocks, reason, words), the pilot's spread of each log ratio (an
     * adaptive study's), the design's {@link Certificate} at the observed spread, the outliers and the disturbed
     * trials; empty for a run without a recorded design.
     */
    Optional<Map<String, Object>> json() {
        if (!applies(t)) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmup", t.context().manifest().definition().warmup().getAsInt());
        m.put("repetitions", t.context().manifest().definition().repetitions().written());
        m.put("stop", stop.orElse(null));
        m.put("steering_metric", steer.id());
        if (target.isPresent()) {
            Map<String, Double> pilot = new LinkedHashMap<>();
            Blocks.pilotSpreads(trials, variants, baseline, steer).forEach((v, w) ->
                    pilot.put(v, org.carbonlab.results.Json.known(w)));
            m.put("pilot_log_ratio_sd", pilot);
        }
        certificate().ifPresent(c -> m.put("certificate", c.json()));
        m.put("outliers", trials.stream().filter(r -> outlierZ(r).isPresent()).map(TrialRecord::id).toList());
        m.put("disturbed", trials.stream().filter(r -> r.disturbance() != null && r.disturbance().disturbed())
                .map(TrialRecord::id).toList());
        return Optional.of(m);
    }

    /** Per trial id, what the trial table should say about it beyond its status (warm-up, outlier, disturbed). */
    Map<String, String> trialNotes() {
        Map<String, String> notes = new LinkedHashMap<>();
        if (!applies(t)) {
            return notes;
        }
        for (TrialRecord r : t.trials()) {
            List<String> n = new ArrayList<>();
            if (r.status() == TrialStatus.WARMUP) {
                n.add("warm-up, not counted");
            }
            outlierZ(r).ifPresent(z -> n.add(String.format(Locale.ROOT, "outlier (modified z %.1f on %s)", z,
                    steer.label())));
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
        int warmup = t.context().manifest().definition().warmup().getAsInt();
        sb.append("- warm-up: ").append(warmup == 0 ? "none" : warmup + " trial(s) per variant, run first, listed"
                + " with status warmup below and never counted").append('\n');
        if (t.context().manifest().definition().tune().isPresent()) {
            org.carbonlab.results.TuneDefinition.Blocks b = t.context().manifest().definition().tune().get().blocks();
            sb.append("- repetitions: a race (carbonlab tune): every candidate ").append(b.first()).append(" blocks,")
                    .append(" then only those still in, up to ").append(b.max()).append("; ")
                    .append(stop.map(s -> "stopped after " + s.blocks() + " blocks: " + s.words())
                            .orElse("no stop recorded: the run was interrupted or is still running"))
                    .append(" (").append(RunOutput.TUNE_MD.file()).append(" says who left when, and why)\n");
        } else if (target.isEmpty()) {
            sb.append("- repetitions: a fixed ").append(t.context().manifest().definition().repetitions().written())
                    .append(" blocks of one trial per variant\n");
        } else {
            sb.append(String.format(Locale.ROOT, "- repetitions: adaptive, %d to %d blocks for every ratio's paired"
                    + " 95 %% CI of %s to be within +-%s; ", target.get().min(), target.get().max(), steer.label(),
                    pct(target.get().halfWidth())));
            sb.append(formerRule() ? "this run ran under the former rule, which stopped at the first block whose"
                    + " unpaired (Fieller) intervals were all that tight: such early stops cover less than 95 % (the"
                    + " certificate below); its intervals are now the paired ones over every block it ran\n"
                    : "two-stage: the first " + StoppingRule.PILOT + " blocks are a pilot whose spread sizes the study"
                    + " once, and the interval takes its spread from the blocks after the pilot only, so a study that"
                    + " stops early covers as often as one that runs to the end\n");
            sb.append("- ").append(stop.map(s -> "stopped after " + s.blocks() + " blocks: " + s.words())
                    .orElse("no stop recorded: the run was interrupted or is still running")).append('\n');
        }
        sb.append("- order within a block: ").append(order()).append('\n');
        certificate().ifPresent(c -> sb.append("- certificate: ").append(c.words(c.rows().get(0)))
                .append(" (`carbonlab selftest` prints it at other spreads)\n"));
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
        Set<String> listed = new java.util.HashSet<>(flagged());
        sb.append("\nPaired and unpaired: repetition r trains with the same seed in every variant, in block r, so the"
                + " per-block ratios decide (the tables' interval); the unpaired ratio of means (Fieller) ignores the"
                + " pairing; \"without outliers\" leaves out the trials listed below (flagged on " + steer.label()
                + ") with their block's partners.\n\n"
                + "| variant | metric | paired 95 % CI (decides) | unpaired, Fieller | paired, without outliers |\n"
                + "|---|---|---|---|---|\n");
        int pilot = t.context().pilot();
        for (String v : variants) {
            if (v.equals(baseline)) {
                continue;
            }
            for (TrialMetric m : shown) {
                double[] a = byBlock(baseline, m);
                double[] b = byBlock(v, m);
                Comparison c = Comparison.paired(a, b, Comparison.Scale.RATIO, pilot);
                if (c.baseline().n() == 0 || c.variant().n() == 0) {
                    continue;
                }
                Comparison clean = Comparison.paired(without(baseline, a, listed), without(v, b, listed),
                        Comparison.Scale.RATIO, pilot);
                sb.append("| ").append(v).append(" | ").append(m.label()).append(" | ").append(ratio(c.interval()))
                        .append(" | ").append(ratio(c.unpaired())).append(" | ").append(listed.isEmpty() ? "(none listed)"
                                : ratio(clean.interval())).append(" |\n");
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
        if (target.isPresent() && stop.map(s -> s.reason() == StoppingRule.Reason.MAX).orElse(false)) {
            double hw = target.get().halfWidth();
            for (String v : variants) {
                if (!v.equals(baseline)) {
                    double[] d = StoppingRule.logRatios(byBlock(baseline, steer), byBlock(v, steer));
                    int n = StoppingRule.blocksFor(hw, Summary.of(d).sd(), Summary.of(d).n() - 1);
                    w.add(String.format(Locale.ROOT, "%s: the design cannot reach +-%s on %s: at the observed spread"
                            + " of the log ratios (its 80 %% upper bound) about %s blocks would (max is %d)", v,
                            pct(hw), steer.label(), n == Integer.MAX_VALUE ? "unboundedly many" : Integer.toString(n),
                            target.get().max()));
                }
            }
        }
        List<String> flagged = flagged();
        sb.append("\n- outliers (modified z-score of the log values above ").append(Numbers.plain(Outliers.THRESHOLD))
                .append(", ").append(Numbers.plain(Outliers.THRESHOLD_3)).append(" with 3 values, on median and MAD of ")
                .append(steer.label()).append(" per variant, the MAD at least 1 %: hyperfine's threshold): ")
                .append(flagged.isEmpty() ? "none" : String.join(", ", flagged) + " (kept in every table but the"
                        + " \"without outliers\" column)").append('\n');
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
        double[] x = byBlock(r.variant(), steer);
        double z = Outliers.modifiedZ(x)[r.repetition() - 1];
        return Outliers.flags(x)[r.repetition() - 1] ? Optional.of(z) : Optional.empty();
    }

    /** The ids of the trials flagged as outliers, in trial order. */
    private List<String> flagged() {
        return trials.stream().filter(r -> outlierZ(r).isPresent()).map(TrialRecord::id).toList();
    }

    /** {@code x} (by block) of {@code variant} without the blocks of its trials in {@code listed}. */
    private double[] without(String variant, double[] x, Set<String> listed) {
        double[] out = x.clone();
        trials.stream().filter(r -> r.ok() && r.variant().equals(variant) && r.repetition() >= 1
                && listed.contains(r.id()))
                .forEach(r -> out[r.repetition() - 1] = Double.NaN); // a listed trial leaves its block's pair
        return out;
    }

    /** Whether the run stopped under the rule that stopped on the interval itself (its stop names no rule). */
    private boolean formerRule() {
        return stop.map(Blocks.Stop::formerRule).orElse(false);
    }

    private org.carbonlab.stats.RunOrder orderOf() {
        return t.context().manifest().definition().order();
    }

    private String order() {
        return switch (orderOf()) {
            case COUNTERBALANCED -> "counterbalanced (A B, B A, ...): a steady drift cancels over each two blocks";
            case RANDOMISED -> "randomised in every block";
            case INTERLEAVED -> "interleaved, the baseline first in every block: a drift within blocks biases the"
                    + " ratios (counterbalanced, the default now, cancels it)";
        };
    }

    /**
     * The design's certificate at the largest observed CV of the steering metric among the variants: what this
     * design's interval delivers at this study's spread (empty with one variant, fewer than 2 blocks, or no spread).
     */
    private Optional<Certificate> certificate() {
        if (t.context().manifest().definition().tune().isPresent()) {
            return Optional.empty(); // a race's own simulation is in tune.md
        }
        if (certificate == null) {
            certificate = simulate();
        }
        return certificate;
    }

    private Optional<Certificate> simulate() {
        double cv = 0;
        for (String v : variants) {
            Summary s = Summary.of(byBlock(v, steer));
            cv = Math.max(cv, s.n() >= 2 ? s.sd() / Math.abs(s.mean()) : Double.NaN);
        }
        int blocks = Blocks.reached(trials);
        if (variants.size() < 2 || !(cv > 0) || cv > 5 || blocks < 2) {
            return Optional.empty();
        }
        Certificate.Design d = target.isEmpty()
                ? new Certificate.Design(variants.size(), blocks, blocks, 0.10, Certificate.Rule.FIXED, orderOf())
                : new Certificate.Design(variants.size(), target.get().min(), target.get().max(),
                target.get().halfWidth(), formerRule() ? Certificate.Rule.FORMER : Certificate.Rule.TWO_STAGE,
                orderOf());
        return Optional.of(Certificate.of(d, Certificate.Noise.DEFAULT, new double[] {Math.round(cv * 1000) / 1000.0},
                Certificate.STUDIES, 1));
    }

    private static String ratio(org.carbonlab.stats.Interval i) {
        return Numbers.people(i.estimate()) + " " + ci(i.low(), i.high());
    }

    private static String ci(double lo, double hi) {
        return Double.isNaN(lo) ? "(no interval)" : Double.isInfinite(lo) || Double.isInfinite(hi) ? "(unbounded)"
                : "[" + Numbers.people(lo) + ", " + Numbers.people(hi) + "]";
    }

    private static String pct(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.1f %%", 100 * f) : "unbounded";
    }

    /**
     * An adaptive design's target: between {@code min} and {@code max} blocks until every ratio's paired CI lies within
     * +-{@code halfWidth}.
     */
    private record Target(int min, int max, double halfWidth) {
    }
}
