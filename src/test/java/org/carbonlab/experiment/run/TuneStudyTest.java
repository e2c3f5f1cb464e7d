package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonlab.report.study.StudyReport;
import org.carbonlab.results.Blocks;
import org.carbonlab.results.Json;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tune end to end ({@code carbonlab tune}) with a fake training command of known cost: it burns CPU in proportion
 * to {@code n} (the estimate prices CPU time, so energy follows n) and prints an accuracy that depends on {@code acc}
 * and a little on the seed. Six candidates: the cheapest setting misses the 0.8 target, the next cheapest is the
 * answer, the dearer ones leave the race.
 */
@org.junit.jupiter.api.Tag("forked")
class TuneStudyTest {

    private static final String FAKE = """
            #!/bin/sh
            n=$1; acc=$2; seed=$3
            i=0; while [ $i -lt $n ]; do i=$((i+1)); done
            echo "Accuracy: ${acc}${seed}"
            """;

    @TempDir
    Path tmp;

    private Path spec(String extra) throws Exception {
        Path f = Scripts.executable(tmp.resolve("fake-train.sh"), FAKE);
        Path s = tmp.resolve("tune.yaml");
        Files.writeString(s, "name: tune\nworkload:\n  engine: command\n  command: [" + f + ", \"{n}\", \"{acc}\","
                + " \"{seed}\"]\n  parameters:\n    n: [\"100000\", \"200000\", \"800000\"]\n    acc: [\"0.9\", \"0.5\"]\n"
                + "  capture:\n    test-accuracy: {pattern: 'Accuracy: ([\\d.]+)'}\n"
                + "variants:\n  n: [\"100000\", \"200000\", \"800000\"]\n  acc: [\"0.9\", \"0.5\"]\n"
                + "baseline: n=800000 acc=0.9\nseed: 1\norder: randomised-blocks\n" + extra
                + "power: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n");
        return s;
    }

    @Test
    void theRaceChoosesTheCheapestSettingThatReachesTheTargetAndRunsNoTrialOfACandidateThatLeft() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = EstimateRunner.of(tmp, out).run(spec("tune:\n  objective: energy-per-trial\n  target: {at-least:"
                + " 0.8}\n  blocks: {first: 2, max: 5}\n"), tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        Blocks.Stop stop = Blocks.readStop(dir).orElseThrow();
        assertTrue(stop.race(), stop.toString());
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("race: n=100000 acc=0.5 leaves after block 2: misses the target"), log);
        assertTrue(log.contains("race: n=800000 acc=0.9 leaves after block 2: worse than the leader"), log);
        Map<String, Long> perCandidate = trials.stream().collect(Collectors.groupingBy(TrialRecord::variant,
                Collectors.counting()));
        assertEquals(2L, perCandidate.get("n=100000 acc=0.5"), "no trial after it left: " + perCandidate);
        assertEquals(2L, perCandidate.get("n=800000 acc=0.9"), perCandidate.toString());
        assertTrue(trials.size() < 6 * 5, "less than the full grid: " + trials.size());
        for (int b = 3; b <= stop.blocks(); b++) {
            int block = b;
            assertTrue(trials.stream().filter(r -> r.repetition() == block).allMatch(r -> r.variant().startsWith(
                    "n=100000 acc=0.9") || r.variant().startsWith("n=200000")), "block " + b + ": survivors only");
        }

        StudyReport.write(dir);
        JsonNode tune = Json.MAPPER.readTree(dir.resolve("tune.json").toFile());
        assertEquals("n=100000 acc=0.9", tune.get("chosen").asText());
        assertEquals(trials.size(), tune.get("trials").asInt());
        assertEquals(6 * stop.blocks(), tune.get("full_grid_trials").asInt());
        assertTrue(tune.get("against_default").get("high").asDouble() < 1, "it saves against the default: " + tune);
        String md = Files.readString(dir.resolve("tune.md"));
        assertTrue(md.contains("- **chosen: n=100000 acc=0.9**"), md);
        assertTrue(md.contains("against the default (n=800000 acc=0.9)"), md);
        assertTrue(Files.readString(dir.resolve("race.csv")).contains(",n=100000 acc=0.5,left,misses_target,"));
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("- repetitions: a race (carbonlab tune)"));
        // the report regenerates byte for byte
        String json = Files.readString(dir.resolve("tune.json"));
        StudyReport.write(dir);
        assertEquals(md, Files.readString(dir.resolve("tune.md")));
        assertEquals(json, Files.readString(dir.resolve("tune.json")));

        // a crash after the first two blocks: the resume reads the race from the records and goes on with the
        // survivors, never with a candidate that left
        List<String> lines = Files.readAllLines(dir.resolve(RunFiles.TRIALS));
        Files.write(dir.resolve(RunFiles.TRIALS), lines.subList(0, 12));
        Files.delete(dir.resolve(Blocks.STOP));
        EstimateRunner.of(tmp, new ByteArrayOutputStream()).resume(dir);
        List<TrialRecord> resumed = RunFiles.readTrials(dir);
        assertTrue(Blocks.readStop(dir).isPresent());
        assertEquals(2L, resumed.stream().filter(r -> r.variant().equals("n=100000 acc=0.5")).count());
        StudyReport.write(dir);
        assertEquals("n=100000 acc=0.9", Json.MAPPER.readTree(dir.resolve("tune.json").toFile()).get("chosen")
                .asText());

        // publish and verify take a tune's run: its tune.md, tune.json and race.csv re-derived byte for byte
        Path bundle = org.carbonlab.report.bundle.Bundle.publish(List.of(dir), tmp.resolve("bundle"), List.of("A. Tester"));
        org.carbonlab.report.bundle.Bundle.verify(bundle);
        Path published = Files.walk(bundle).filter(p -> p.getFileName().toString().equals("tune.md")).findFirst()
                .orElseThrow();
        Files.writeString(published, Files.readString(published).replace("chosen", "picked"));
        Path sums = bundle.resolve("SHA256SUMS");
        assertTrue(assertThrows(org.carbonlab.report.bundle.Bundle.Discrepancy.class,
                () -> org.carbonlab.report.bundle.Bundle.verify(bundle)).getMessage().contains("tune.md"), sums.toString());
    }

    @Test
    void aGridLargerThanTheBudgetIsSampledAndTheRaceStaysWithinIt() throws Exception {
        Path dir = EstimateRunner.of(tmp, new ByteArrayOutputStream()).run(spec("tune:\n  objective: wall-time\n"
                + "  blocks: {first: 2, max: 6}\n  budget: {trials: 13}\n"), tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        List<String> ran = trials.stream().map(TrialRecord::variant).distinct().toList();
        assertEquals(3, ran.size(), "13 trials: the first 2 blocks of 3 candidates take at most half: " + ran);
        assertTrue(ran.contains("n=800000 acc=0.9"), "the default always runs: " + ran);
        assertTrue(trials.size() <= 13, "within the budget: " + trials.size());
        assertTrue(Blocks.readStop(dir).isPresent());
        StudyReport.write(dir);
        assertTrue(Files.readString(dir.resolve("tune.md")).contains("- sampled: the grid has 6 candidates"));
    }
}
