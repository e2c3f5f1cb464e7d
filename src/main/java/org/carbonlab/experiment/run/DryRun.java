package org.carbonlab.experiment.run;

import org.carbonlab.stats.Interval;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.carbonlab.experiment.spec.Design;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;

/**
 * The plan of a study and, from the finished trials of earlier runs of the same study (same variant names under
 * {@code results/<study>/}), its predicted duration and energy, so a proposal can carry its footprint before it
 * runs. A variant never run before is predicted from nothing: the output says so instead of guessing.
 */
public final class DryRun {

    private DryRun() {
    }

    /** The plan and prediction as text, for a run whose estimate is labelled as the default model's. */
    public static String describe(ExperimentSpec spec, Path resultsRoot) throws IOException {
        return describe(spec, resultsRoot, null);
    }

    /**
     * The plan and prediction as text; {@code estimate} is the provenance this run's estimate would give its
     * figures (null: not known), so a prediction from trials estimated by another model says so.
     */
    public static String describe(ExperimentSpec spec, Path resultsRoot, String estimate) throws IOException {
        Plan plan = Plan.of(spec);
        // variant -> {n, seconds, joules} of earlier runs whose shared workload settings are this spec's
        java.util.Set<String> cpus = new java.util.TreeSet<>();
        java.util.Set<String> provenances = new java.util.TreeSet<>();
        String here = here();
        List<TrialRecord> used = new ArrayList<>(); // the finished trials the prediction comes from
        Map<String, double[]> past = past(resultsRoot.resolve(spec.name()), spec, here, estimate, cpus, provenances,
                used);
        Design d = spec.design();
        StringBuilder sb = new StringBuilder();
        spec.tune().ifPresent(t -> sb.append(tuneLine(plan, t)));
        sb.append(String.format(Locale.ROOT, "study %s: %d variants x %s%s = %s trials, order %s, seeds %d..%d%n",
                spec.name(), plan.variantList().size(), d.adaptive() ? d.rule().earliest() + " to " + d.maxBlocks()
                        + " blocks (adaptive, two-stage: a 2-block pilot sizes the study for every ratio's paired 95 %"
                        + " CI of " + d.until().get().metric().id() + " to be within +-"
                        + Math.round(1000 * d.until().get().halfWidth()) / 10.0 + " %)"
                        : spec.repetitions() + " repetitions", d.warmup() == 0 ? "" : " + " + d.warmup()
                        + " warm-up" + (spec.tune().isPresent() ? " of the default" : " per variant"),
                d.adaptive() ? (plan.trials().size() - plan.variantList().size()
                        * (d.maxBlocks() - d.rule().earliest())) + " to " + plan.trials().size()
                        : Integer.toString(plan.trials().size()), spec.order().id(), spec.seed(),
                spec.seed() + spec.repetitions() - 1));
        double seconds = spec.idleBaseline().toMillis() / 1000.0;
        double joules = 0;
        double minSeconds = Double.NaN;
        double minJoules = Double.NaN;
        List<String> unknown = new ArrayList<>();
        for (Plan.Trial t : plan.trials()) {
            double[] p = past.get(t.variant().name());
            sb.append(String.format(Locale.ROOT, "  %s  %-40s %-13s  seed %d%s%n", t.id(), t.variant().name(),
                    t.warmup() ? "warm-up" : "repetition " + t.repetition(), t.seed(), p == null ? "" : String.format(Locale.ROOT,
                            "  ~%.0f s, ~%.0f J", p[1], p[2])));
            if (p == null) {
                if (!unknown.contains(t.variant().name())) {
                    unknown.add(t.variant().name());
                }
            } else {
                seconds += p[1];
                joules += p[2];
            }
            if (t.index() > 1) {
                seconds += spec.cooldown().toMillis() / 1000.0;
            }
            if (d.adaptive() && t.repetition() == d.rule().earliest() && isLast(plan, t)) {
                minSeconds = seconds;
                minJoules = joules;
            }
        }
        if (unknown.isEmpty()) {
            sb.append(prediction(spec, resultsRoot, estimate, new double[] {minSeconds, seconds, minJoules, joules},
                    energy(used), cpus, provenances, here));
        } else {
            sb.append("predicted: not available for ").append(unknown).append(": no finished trial of these"
                    + " variants with these workload settings under ").append(resultsRoot.resolve(spec.name()))
                    .append("; run the study once (or a shorter copy of it) to calibrate\n");
        }
        return sb.toString();
    }

    /**
     * The predicted duration and IT energy ({@code t}: the fewest blocks' seconds, all blocks' seconds, the fewest
     * blocks' joules, all blocks' joules; NaN where the design is fixed), with what the prediction rests on.
     */
    /**
     * What a tune may run: its worst case (every candidate to the most blocks, the listed plan), what its budget caps
     * it at, and the grid's sample where it has one.
     */
    private static String tuneLine(Plan plan, org.carbonlab.results.TuneDefinition t) {
        int worst = plan.trials().size();
        Integer cap = t.budget() == null ? null : t.budget().trials();
        return String.format(Locale.ROOT, "tune: a race of %d candidates%s for the least %s%s; the worst case is the"
                + " plan below, %d trials (every candidate to %d blocks)%s; the race runs the first %d blocks of"
                + " every candidate (%d trials, warm-ups included) and then only the survivors%n",
                plan.variantList().size(),
                plan.sampled().isPresent() ? " (sampled from a grid of " + plan.sampled().getAsInt() + " with seed "
                        + plan.spec().seed() + ": their first blocks would take more than half the trial budget)" : "",
                t.objective(), t.target() == null ? "" : String.format(Locale.ROOT, " reaching %s >= %s",
                        t.target().metric(), t.target().atLeast()), worst, t.blocks().max(),
                cap != null && cap < worst ? ", capped by the trial budget at " + cap : "", t.blocks().first(),
                plan.variantList().size() * t.blocks().first() + plan.spec().design().warmup());
    }

    private static String prediction(ExperimentSpec spec, Path resultsRoot, String estimate, double[] t,
                                     Interval band, java.util.Set<String> cpus, java.util.Set<String> provenances,
                                     String here) {
        double minSeconds = t[0];
        double seconds = t[1];
        double minJoules = t[2];
        double joules = t[3];
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "predicted%s: %s%s and %s%.0f J (%.4f kWh) of IT energy, from the"
                + " mean of earlier runs' finished trials under %s%n", spec.tune().isPresent() ? " (the worst case:"
                + " every candidate to the most blocks; a race stops sooner, and a budget caps it)" : "",
                Double.isNaN(minSeconds) ? ""
                : org.carbonlab.util.Durations.words(minSeconds) + " to ", org.carbonlab.util.Durations.words(
                seconds), Double.isNaN(minJoules) ? "" : String.format(Locale.ROOT, "%.0f to ", minJoules), joules,
                org.carbonlab.power.Energy.ofJoules(joules).kilowattHours(), resultsRoot.resolve(spec.name())));
        if (band.estimate() > 0 && (band.low() != band.estimate() || band.high() != band.estimate())) {
            sb.append(String.format(Locale.ROOT, "the energies are estimates: the trials they come from lie in"
                    + " [%sx, %sx] of their figures (%s), and so does the prediction%n",
                    org.carbonlab.util.Numbers.people(band.low() / band.estimate()),
                    org.carbonlab.util.Numbers.people(band.high() / band.estimate()), String.join(", ", provenances)));
        }
        if (estimate != null && provenances.stream().allMatch(p -> p.startsWith("estimated:"))
                && !provenances.equals(java.util.Set.of(estimate))) {
            sb.append("the predicted energy comes from trials estimated as ").append(String.join(", ",
                    provenances)).append("; this run's estimate is ").append(estimate).append(": its energies"
                    + " will differ by the models' ratio (the durations still hold)\n");
        }
        if (!cpus.isEmpty() && !cpus.equals(java.util.Set.of(here))) {
            sb.append("the prediction comes from runs on ").append(String.join("; ", cpus)).append(", not on this"
                    + " machine's ").append(here).append(": another CPU (or other SIMD flags) can take a different"
                    + " time and energy\n");
        }
        return sb.toString();
    }

    private static boolean isLast(Plan plan, Plan.Trial t) {
        return plan.trials().stream().filter(x -> x.repetition() == t.repetition()).reduce((a, b) -> b)
                .map(x -> x.index() == t.index()).orElse(false);
    }

    /** This machine's CPU as a manifest records it: model and SIMD flags. */
    private static String here() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return org.carbonlab.hardware.CpuCatalog.reportedModel(cpuinfo).orElse("unknown") + " ("
                + org.carbonlab.hardware.CpuCatalog.simd(org.carbonlab.hardware.CpuCatalog.flags(cpuinfo)) + ")";
    }

    /**
     * Per variant {n, mean seconds, mean joules} of the finished trials of earlier runs whose workload settings are
     * this spec's: those run on this machine's CPU ({@code here}) where there are any, else all, and of those the ones
     * estimated by this run's model ({@code estimate}) where there are any; {@code cpus} gets
     * the CPUs of the runs used, {@code provenances} the provenance labels of their trials' energies, {@code used} the
     * trials.
     */
    /** The energy of {@code trials} summed, with its ends where each banded trial lies at its band's (J). */
    private static Interval energy(List<TrialRecord> trials) {
        return new Interval(trials.stream().mapToDouble(TrialRecord::energyJ).sum(),
                trials.stream().mapToDouble(r -> r.energyBand() == null ? r.energyJ() : r.energyBand().lowJ()).sum(),
                trials.stream().mapToDouble(r -> r.energyBand() == null ? r.energyJ() : r.energyBand().highJ()).sum());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, double[]> past(Path studyDir, ExperimentSpec spec, String here, String estimate,
                                              java.util.Set<String> cpus, java.util.Set<String> provenances,
                                              List<TrialRecord> used) throws IOException {
        // as a run's manifest holds it (JSON's types), to compare with theirs
        Map<String, Object> workload = spec.resolved().asMap().get("workload") instanceof Map<?, ?> w
                ? (Map<String, Object>) w : Map.of();
        Map<String, double[]> sums = new HashMap<>();
        if (!Files.isDirectory(studyDir)) {
            return sums;
        }
        List<Path> runs;
        try (Stream<Path> s = Files.list(studyDir)) {
            runs = s.filter(p -> Files.isRegularFile(p.resolve(RunManifest.FILE))).sorted().toList();
        }
        Map<String, List<Path>> byCpu = new java.util.TreeMap<>();
        for (Path run : runs) {
            RunManifest m = RunManifest.read(run);
            Map<String, Object> theirs = m.definition().comparableWorkload();
            theirs.keySet().retainAll(workload.keySet()); // a command's run lists the keys its command sees
            if (theirs.equals(workload)) { // other epochs, data, model...: their durations say nothing here
                String cpu = m.hardware() == null ? "an unrecorded CPU" : m.hardware().cpu() + " ("
                        + (m.hardware().cpuSimd() == null ? "flags not recorded" : m.hardware().cpuSimd()) + ")";
                byCpu.computeIfAbsent(cpu, k -> new ArrayList<>()).add(run);
            }
        }
        List<Path> candidates = byCpu.containsKey(here) ? byCpu.get(here)
                : byCpu.values().stream().flatMap(List::stream).toList();
        Map<Path, List<TrialRecord>> trials = new java.util.LinkedHashMap<>();
        for (Path run : candidates) {
            trials.put(run, RunFiles.readTrials(run));
        }
        // runs estimated as this run will be, where there are any
        List<Path> sameModel = candidates.stream().filter(run -> estimate != null && trials.get(run).stream()
                .anyMatch(r -> r.ok() && estimate.equals(String.valueOf(r.provenance())))).toList();
        List<Path> usedRuns = sameModel.isEmpty() ? candidates : sameModel;
        byCpu.forEach((cpu, r) -> {
            if (!java.util.Collections.disjoint(r, usedRuns)) {
                cpus.add(cpu);
            }
        });
        for (Path run : usedRuns) {
            for (TrialRecord r : trials.get(run)) {
                if (r.ok() && r.energyJ() != null) {
                    provenances.add(String.valueOf(r.provenance()));
                    double[] a = sums.computeIfAbsent(r.variant(), k -> new double[3]);
                    a[0]++;
                    a[1] += r.wallSeconds();
                    a[2] += r.energyJ();
                    used.add(r);
                }
            }
        }
        sums.values().forEach(a -> {
            a[1] /= a[0];
            a[2] /= a[0];
        });
        return sums;
    }
}
