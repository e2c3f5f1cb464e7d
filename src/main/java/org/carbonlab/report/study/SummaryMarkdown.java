package org.carbonlab.report.study;

import org.carbonlab.stats.Interval;
import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import static org.carbonlab.report.study.StudyTable.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.carbonlab.report.study.StudyTable.Metric;
import org.carbonlab.results.RunManifest;
import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;

/**
 * {@code summary.md}: the machine, software, energy provenance, carbon settings and design of a run, the per-variant
 * table (mean and 95 % CI), the comparisons with the baseline and, in words, what the evidence does not show, and
 * every trial.
 */
final class SummaryMarkdown {

    private SummaryMarkdown() {
    }

    static String render(StudyTable t) {
        return render(t, java.util.Map.of(), DesignReport.of(t, SpreadReport.NONE));
    }

    /**
     * The summary; {@code slurmEnergy}: Slurm's own energy per trial id, shown beside the lab's (may be empty);
     * {@code design}: how conclusive the study is and where its spread comes from.
     */
    static String render(StudyTable t, java.util.Map<String, Double> slurmEnergy, DesignReport design) {
        StudyTable.Context c = t.context();
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(c.study()).append(", run ").append(c.runId()).append("\n\n");
        if (c.description() != null && !c.description().isBlank()) {
            sb.append(c.description().strip()).append("\n\n");
        }
        sb.append(Findings.markdown(t));
        sb.append(howObtained(t));
        sb.append(Nodes.markdown(c.manifest(), t.trials(), slurmEnergy));
        List<Metric> shown = shownMetrics(t);
        sb.append(perVariant(t, shown));
        sb.append(againstBaseline(t, shown));
        sb.append(design.markdown());
        sb.append(design.spread().markdown());
        sb.append(trialsTable(t.trials(), design.trialNotes()));
        return sb.toString();
    }

    /** "How it was obtained": machine, software, energy, allocator, band, meter, carbon, design, trials. */
    private static String howObtained(StudyTable t) {
        StudyTable.Context c = t.context();
        List<TrialRecord> trials = t.trials();
        RunManifest m = c.manifest();
        RunManifest.Hardware hw = m.hardware();
        RunManifest.Software sw = m.software();
        StringBuilder sb = new StringBuilder();
        sb.append("## How it was obtained\n\n");
        sb.append(m.slurm() == null ? "- machine: " : "- submitted from: ").append(hw.cpu())
                .append(hw.cpuSimd() != null ? " (" + hw.cpuSimd() + ")" : "").append(", ")
                .append(hw.logicalCpus())
                .append(" logical CPUs, ").append(hw.memoryGib()).append(" GiB; GPU: ").append(hw.gpu())
                .append("; ").append(hw.os()).append(hw.identified() == null ? "" : "; identified as "
                        + hw.identified()).append('\n');
        sb.append("- software: carbonlab ").append(sw.carbonlab()).append(", ").append(sw.jvm())
                .append(", DJL ").append(sw.djl()).append(", ").append(sw.engine()).append(", ")
                .append(sw.intraOpThreads()).append(" intra-op threads; git ").append(m.git().commit())
                .append(Boolean.TRUE.equals(m.git().dirty()) ? " (dirty tree)" : "").append('\n');
        boolean commands = trials.stream().anyMatch(r -> r.ok() && r.outcome().ranAsCommand());
        boolean unreported = trials.stream().anyMatch(r -> r.ok() && !r.outcome().reported());
        sb.append("- energy: ").append(t.provenance()).append(unreported ? " (each trial's window: its command's"
                + " process tree from start to exit; segments where the command's lines set marks)\n"
                : commands ? " (each trial's window: its process"
                + " tree (child JVM or command) from start to exit, training, test and 10,000 predictions)\n"
                : " (each trial's window: child JVM start to"
                + " exit, training, test and 10,000 predictions)\n");
        sb.append(RunNotes.allocator(c, trials));
        sb.append(RunNotes.band(trials));
        sb.append(RunNotes.meterCost(trials));
        sb.append(RunNotes.startup(trials));
        sb.append(idleBaseline(m.idleBaseline()));
        sb.append(String.format(Locale.ROOT, "- carbon: %s g CO2e/kWh (%s), PUE %s; intensity table %s%n",
                fmt(c.intensityGPerKwh()), m.carbon().provenance(), fmt(c.pue()), m.carbon().tableVersion()));
        org.carbonlab.results.StudyDefinition d = m.definition();
        sb.append("- design: ").append(d.repetitions().adaptive() ? "adaptive repetitions (see below)"
                : d.repetitions().written() + " repetitions per variant").append(", order ")
                .append(d.order().id()).append(", seeds from ").append(d.seed())
                .append(" (repetition r uses seed + r - 1 in every variant), cooldown ")
                .append(words(d.cooldown())).append(", workload ").append(d.workload()).append('\n');
        StudyTable.Counts counts = t.counts();
        long warmups = trials.stream().filter(r -> r.status() == org.carbonlab.results.TrialStatus.WARMUP).count();
        int notNeeded = org.carbonlab.results.Blocks.notNeeded(m, trials, c.stop()).size();
        sb.append("- trials: ").append(counts.planned()).append(" planned, ")
                .append(warmups > 0 ? warmups + " warm-up, " : "").append(counts.ok()).append(" ok, ")
                .append(counts.failed()).append(" failed, ").append(counts.interrupted()).append(" interrupted, ")
                .append(counts.notRun() - notNeeded).append(" not run")
                .append(notNeeded > 0 ? ", " + notNeeded + " not needed (the study stopped)" : "")
                .append(counts.timedOut() > 0 ? ", " + counts.timedOut() + " timed out" : "").append("\n");
        sb.append(RunNotes.captures(trials));
        String bf16 = RunNotes.bf16Capability(hw.cpuSimd(), trials);
        sb.append(bf16.isEmpty() ? "" : "- " + bf16 + "\n").append('\n');
        return sb.toString();
    }

    /** The idle baseline line, where one was measured. */
    private static String idleBaseline(RunManifest.Idle idle) {
        StringBuilder sb = new StringBuilder();
        if (idle != null && idle.powerW() != null) {
            sb.append("- idle baseline before the first trial: ").append(fmt(idle.seconds())).append(" s, ")
                    .append(idle.powerW().entrySet().stream().map(e -> e.getKey() + " "
                    + (e.getValue() == null ? "n/a" : fmt(e.getValue())) + " W").toList())
                    .append(" (not subtracted from the figures below")
                    .append(idle.powerW().keySet().stream().allMatch(k -> k.startsWith("estimate:"))
                            ? "; the estimate counts only the measured processes' CPU time and memory, so it sees no"
                            + " idle power: 0 W here says nothing about the machine's idle draw" : "").append(")\n");
        }
        return sb.toString();
    }

    /** The metrics that some variant has a figure of, in the table's order. */
    private static List<Metric> shownMetrics(StudyTable t) {
        List<Metric> shown = new ArrayList<>();
        for (Metric mt : t.metrics()) {
            if (t.context().variants().stream().anyMatch(v -> t.cell(v, mt).summary().n() > 0)) {
                shown.add(mt);
            }
        }
        return shown;
    }

    /** The per-variant table of means and 95 % CIs, and how often the target accuracy was reached. */
    private static String perVariant(StudyTable t, List<Metric> shown) {
        StudyTable.Context c = t.context();
        List<TrialRecord> trials = t.trials();
        RunManifest m = c.manifest();
        StringBuilder sb = new StringBuilder();
        sb.append("## Per variant: mean and 95 % CI (Student t)\n\n");
        sb.append("| variant | n |");
        shown.forEach(mt -> sb.append(' ').append(mt.title()).append(mt.unit().isEmpty() ? "" : " (" + mt.unit()
                + ")").append(" |"));
        sb.append("\n|---|---|").append("---|".repeat(shown.size())).append('\n');
        for (String v : c.variants()) {
            long n = trials.stream().filter(r -> r.ok() && r.variant().equals(v)).count();
            sb.append("| ").append(c.label(v)).append(v.equals(c.baseline()) ? " (baseline)" : "")
                    .append(Nodes.label(v, trials)).append(" | ").append(n)
                    .append(" |");
            for (Metric mt : shown) {
                Summary s = t.cell(v, mt).summary();
                sb.append(' ').append(s.n() == 0 ? "n/a" : fmt(s.mean()) + (s.n() > 1 ? " [" + fmt(s.ciLow())
                        + ", " + fmt(s.ciHigh()) + "]" : "")).append(" |");
            }
            sb.append('\n');
        }
        String target = m.definition().targetAccuracy().orElse(null);
        if (target != null) {
            sb.append("\nValidation accuracy ").append(target).append(" reached in ").append(String.join(", ",
                    c.variants().stream().map(v -> v + ": " + trials.stream().filter(r -> r.ok()
                            && r.variant().equals(v) && r.outcome().targetEpoch() != null).count() + " of "
                            + trials.stream().filter(r -> r.ok() && r.variant().equals(v)).count() + " trials")
                            .toList())).append(" (time and energy to target average the trials that reached it)\n");
        }
        return sb.toString();
    }

    /** The trials, one row each, with the design's notes beside their own. */
    private static String trialsTable(List<TrialRecord> trials, Map<String, String> designNotes) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## Trials\n\n| trial | variant | repetition | seed | status | wall s | energy J | test accuracy"
                + " | epochs | note |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (TrialRecord r : trials) {
            TrialOutcome o = r.outcome();
            String note = r.ok() ? (o.skippedSteps() != null ? o.skippedSteps() + " steps skipped, loss scale "
                    + fmt(o.finalLossScale()) : o.stoppedEarly() ? "stopped early" : "") : r.reason();
            if (designNotes.containsKey(r.id())) {
                note = note == null || note.isEmpty() ? designNotes.get(r.id()) : note + "; " + designNotes.get(r.id());
            }
            sb.append("| ").append(r.id()).append(" | ").append(r.variant()).append(" | ").append(r.repetition())
                    .append(" | ").append(r.seed()).append(" | ").append(r.status()).append(" | ")
                    .append(fmt(r.wallSeconds())).append(" | ").append(fmt(num(r.energyJ()))).append(" | ")
                    .append(o == null || o.testAccuracy() == null ? "n/a" : fmt(o.testAccuracy())).append(" | ")
                    .append(o == null || !o.reported() ? "n/a" : Integer.toString(o.epochs().size())).append(" | ")
                    .append(note == null ? "" : note.replace("|", "/")).append(" |\n");
        }
        sb.append("\nRaw data: `trials.jsonl` (one line per trial), `power/<trial>.csv` (traces), `manifest.json`;"
                + " `carbonlab report` regenerates this file from them.\n");
        return sb.toString();
    }

    /**
     * The comparisons with the baseline: the paired estimate and interval, p and the unpaired figure per variant and
     * metric in {@code shown}, then what the evidence does not show (every comparison's notes, and the bands where a
     * variant ran on other hardware).
     */
    private static String againstBaseline(StudyTable t, List<Metric> shown) {
        StudyTable.Context c = t.context();
        List<TrialRecord> trials = t.trials();
        StringBuilder sb = new StringBuilder();
        List<String> notes = new ArrayList<>();
        if (c.variants().size() > 1) {
            sb.append("\n## Against the baseline (").append(c.baseline()).append(")\n\n");
            sb.append("Paired by block (repetition r of every variant ran in block r with the same seed): a ratio is"
                    + " the geometric mean of the per-block ratios, variant / baseline, with its 95 % CI by t on the"
                    + " log ratios (n - 1 degrees of freedom" + (c.pilot() > 0 ? "; the spread from the blocks after"
                    + " the " + c.pilot() + "-block pilot that sized the study, which is not used again" : "")
                    + "); an accuracy is a difference in percentage points, paired the same way. p is the paired"
                    + " t-test's. Beside it, unpaired: the ratio of means with Fieller's interval (Welch), or the"
                    + " difference of means. n for 5 %: the repetitions per variant that would detect a 5 %"
                    + " difference at this spread.\n\n");
            sb.append("| variant | metric | paired | 95 % CI | p | unpaired | n for 5 % |\n|---|---|---|---|---|---|---|\n");
            for (String v : c.variants()) {
                if (v.equals(c.baseline())) {
                    continue;
                }
                for (Metric mt : shown) {
                    Comparison k = t.cell(v, mt).vsBaseline();
                    if (k.variant().n() == 0 || k.baseline().n() == 0) {
                        continue;
                    }
                    sb.append("| ").append(c.label(v)).append(" | ").append(mt.title()).append(" | ")
                            .append(k.isPaired() ? Effects.estimate(k, mt) : "n/a").append(" | ")
                            .append(k.isPaired() ? Effects.interval(k, mt) : "n/a").append(" | ")
                            .append(k.isPaired() ? p(k.p()) : "n/a").append(" | ").append(Effects.unpaired(k, mt))
                            .append(" | ").append(k.nFor5Pct() == 0 ? "n/a" : Integer.toString(k.nFor5Pct()))
                            .append(" |\n");
                    for (String note : k.notes()) {
                        String line = v + ", " + mt.title() + ": " + note;
                        notes.add(line);
                    }
                    String across = acrossHardware(trials, c.baseline(), v, mt, k);
                    if (!across.isEmpty()) {
                        notes.add(across);
                    }
                }
            }
        }
        if (!notes.isEmpty()) {
            sb.append("\nWhat the evidence does not show:\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /**
     * Where a variant's trials ran on other hardware than the baseline's (a Slurm partition as a variant) and an
     * estimate banded their energy, the two machines' bands do not cancel in the ratio: the energy, power and CO2e
     * ratio's interval with both bands in it (empty otherwise).
     */
    static String acrossHardware(List<TrialRecord> trials, String baseline, String variant, Metric m, Comparison k) {
        if (!StudyTable.scalesWithEnergy(m) || !k.interval().bounded() || k.scale() != Comparison.Scale.RATIO) {
            return "";
        }
        java.util.Set<String> a = hardware(trials, baseline);
        java.util.Set<String> b = hardware(trials, variant);
        java.util.Optional<Interval> fa = StudyTable.bandFactors(trials, baseline);
        java.util.Optional<Interval> fb = StudyTable.bandFactors(trials, variant);
        if (a.equals(b) || fa.isEmpty() && fb.isEmpty() || StudyTable.samePricing(trials, baseline, variant)) {
            return "";
        }
        Interval f = org.carbonlab.power.Band.ratio(fa.orElse(Interval.exact(1)), fb.orElse(Interval.exact(1)));
        return variant + ", " + m.title() + ": ran on other hardware than the baseline (" + String.join(" + ", b)
                + " against " + String.join(" + ", a) + "), priced by different model rows, so the estimate's bands"
                + " do not cancel; the worst case of both bands on the 95 % interval (no stated level) is ["
                + fmt(k.interval().low() * f.low()) + ", " + fmt(k.interval().high() * f.high()) + "]";
    }

    private static java.util.Set<String> hardware(List<TrialRecord> trials, String variant) {
        return trials.stream().filter(r -> r.ok() && r.variant().equals(variant))
                .map(r -> r.node() == null ? "the run's machine" : r.node().hardware())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** A spec's ISO-8601 duration ({@code PT2S}) as a person reads it ({@code 2 s}). */
    private static String words(Object iso) {
        try {
            return org.carbonlab.util.Durations.words(java.time.Duration.parse(String.valueOf(iso)));
        } catch (java.time.format.DateTimeParseException e) {
            return String.valueOf(iso);
        }
    }

    private static String fmt(double x) {
        return org.carbonlab.util.Numbers.people(x);
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
