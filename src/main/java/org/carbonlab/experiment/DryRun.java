package org.carbonlab.experiment;

import org.carbonlab.results.Json;
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

/**
 * The plan of a study and, from the finished trials of earlier runs of the same study (same variant names under
 * {@code results/<study>/}), its predicted duration and energy, so a proposal can carry its footprint before it
 * runs. A variant never run before is predicted from nothing: the output says so instead of guessing.
 */
public final class DryRun {

    private DryRun() {
    }

    /** The plan and prediction as text. */
    public static String describe(ExperimentSpec spec, Path resultsRoot) throws IOException {
        Plan plan = Plan.of(spec);
        // variant -> {n, seconds, joules} of earlier runs whose shared workload settings are this spec's
        Map<String, double[]> past = past(resultsRoot.resolve(spec.name()), spec);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "study %s: %d variants x %d repetitions = %d trials, order %s, seeds %d"
                        + "..%d%n", spec.name(), plan.variantList().size(), spec.repetitions(), plan.trials().size(),
                spec.order(), spec.seed(), spec.seed() + spec.repetitions() - 1));
        double seconds = spec.idleBaseline().toMillis() / 1000.0;
        double joules = 0;
        List<String> unknown = new ArrayList<>();
        for (Plan.Trial t : plan.trials()) {
            double[] p = past.get(t.variant().name());
            sb.append(String.format(Locale.ROOT, "  %s  %-40s repetition %d  seed %d%s%n", t.id(), t.variant().name(),
                    t.repetition(), t.seed(), p == null ? "" : String.format(Locale.ROOT,
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
        }
        if (unknown.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "predicted: %s and %.0f J (%.4f kWh) of IT energy, from the mean of"
                    + " earlier runs' finished trials under %s%n", org.carbonlab.util.Durations.words(seconds), joules, org.carbonlab.power.Energy.ofJoules(joules).kilowattHours(),
                    resultsRoot.resolve(spec.name())));
        } else {
            sb.append("predicted: not available for ").append(unknown).append(": no finished trial of these"
                    + " variants with these workload settings under ").append(resultsRoot.resolve(spec.name()))
                    .append("; run the study once (or a shorter copy of it) to calibrate\n");
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, double[]> past(Path studyDir, ExperimentSpec spec) throws IOException {
        Map<String, Object> workload = (Map<String, Object>) Json.MAPPER.convertValue(spec.resolved(),
                Map.class).get("workload");
        Map<String, double[]> sums = new HashMap<>();
        if (!Files.isDirectory(studyDir)) {
            return sums;
        }
        List<Path> runs;
        try (Stream<Path> s = Files.list(studyDir)) {
            runs = s.filter(p -> Files.isRegularFile(p.resolve(RunManifest.FILE))).sorted().toList();
        }
        for (Path run : runs) {
            if (!RunManifest.read(run).workload().equals(workload)) {
                continue; // other epochs, data, model...: its durations say nothing about this spec
            }
            for (TrialRecord r : RunFiles.readTrials(run)) {
                if (r.ok() && r.energyJ() != null) {
                    double[] a = sums.computeIfAbsent(r.variant(), k -> new double[3]);
                    a[0]++;
                    a[1] += r.wallSeconds();
                    a[2] += r.energyJ();
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
