package org.carbonlab.experiment.run;

import org.carbonlab.results.Json;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.experiment.spec.ExperimentSpec;

class DryRunTest {

    @TempDir
    Path tmp;

    private static TrialRecord done(String id, String variant, double seconds, double joules) {
        return new TrialRecord(new TrialRecord.Slot(1, id, variant, 1, 1), new TrialRecord.Ending(
                org.carbonlab.results.TrialStatus.OK, null, "2026-11-28T00:00:00Z", seconds, 0),
                new TrialRecord.Energies(joules, org.carbonlab.power.ProvenanceSet.parse("estimated:tdp-model"),
                        List.of(), joules, List.of(joules), 1.0), null, TrialRecord.Context.NONE);
    }

    @Test
    void predictsFromEarlierRunsOrSaysItCannot() throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(new StringReader("name: p\nvariants: {precision: [fp32, fp16]}\n"
                + "repetitions: 2\ncooldown: 10s\n"), "p.yaml");
        String none = DryRun.describe(spec, tmp);
        assertTrue(none.startsWith("study p: 2 variants x 2 repetitions = 4 trials, order counterbalanced, seeds 1..2"),
                none);
        assertTrue(none.contains("predicted: not available for [precision=fp32, precision=fp16]"), none);

        Path run = tmp.resolve("p").resolve("20261128T000000Z");
        Files.createDirectories(run);
        manifest(spec, run);
        RunFiles.append(run.resolve(RunFiles.TRIALS), done("t001", "precision=fp32", 10, 100));
        RunFiles.append(run.resolve(RunFiles.TRIALS), done("t002", "precision=fp16", 50, 500));
        RunFiles.append(run.resolve(RunFiles.TRIALS), done("t003", "precision=fp32", 20, 200));
        String p = DryRun.describe(spec, tmp);
        // 2 x 15 s + 2 x 50 s + 3 cooldowns of 10 s = 160 s; 2 x 150 J + 2 x 500 J = 1300 J
        assertTrue(p.contains("predicted: 2 min 40 s and 1300 J (0.0004 kWh)"), p);

        // a later run estimated by the SPECpower model: a SPECpower run predicts from it alone; a run of another
        // model from the other run, saying that the energies will differ
        Path sp = tmp.resolve("p").resolve("20261204T000000Z");
        Files.createDirectories(sp);
        manifest(spec, sp);
        for (TrialRecord t : List.of(done("t001", "precision=fp32", 10, 10), done("t002", "precision=fp16", 50, 50))) {
            RunFiles.append(sp.resolve(RunFiles.TRIALS), t.with(t.energies().withProvenance(
                    org.carbonlab.power.ProvenanceSet.parse("estimated:specpower"))).with(t.context().withEnergyBand(
                    new TrialRecord.EnergyBand(t.energyJ() * 0.9, t.energyJ() * 1.7, "SPECpower"))));
        }
        String s = DryRun.describe(spec, tmp, "estimated:specpower");
        assertTrue(s.contains("and 120 J"), "2 x 10 J + 2 x 50 J from the SPECpower run only: " + s);
        assertTrue(!s.contains("estimated as"), s);
        assertTrue(s.contains("the energies are estimates: the trials they come from lie in [0.9000x, 1.700x] of"
                + " their figures (estimated:specpower), and so does the prediction"), s);
        assertTrue(!p.contains("the energies are estimates"), "no band, no line: " + p);
        String t = DryRun.describe(spec, tmp, "measured:rapl");
        assertTrue(t.contains("the predicted energy comes from trials estimated as estimated:specpower,"
                + " estimated:tdp-model; this run's estimate is measured:rapl"), t);

        // the same variants with 20 epochs instead of 1: the earlier run says nothing about them
        ExperimentSpec longer = ExperimentSpec.parse(new StringReader("name: p\nworkload: {epochs: 20}\n"
                + "variants: {precision: [fp32, fp16]}\nrepetitions: 2\ncooldown: 10s\n"), "p.yaml");
        assertTrue(DryRun.describe(longer, tmp).contains("predicted: not available for [precision=fp32,"
                + " precision=fp16]: no finished trial of these variants with these workload settings"));
    }

    /** The manifest an earlier run of {@code spec} would have written (what the prediction matches on). */
    private static void manifest(ExperimentSpec spec, Path run) throws Exception {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> resolved = Json.MAPPER.convertValue(spec.resolved(), java.util.Map.class);
        new RunManifest(RunManifest.FORMAT, "p", run.getFileName().toString(), "p.yaml", org.carbonlab.results.StudyDefinition.of(resolved), List.of(), null,
                null, null, List.of(), null, null, null, null).write(run);
    }
}
