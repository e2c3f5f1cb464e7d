package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.carbonlab.report.study.StudyReport;
import org.carbonlab.results.Blocks;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.stats.StoppingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.experiment.spec.Design;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.spec.SpecException;

/**
 * Warm-up trials and adaptive repetitions end to end with a fake training command that burns a steady amount of CPU
 * (so the estimated energy per trial is steady and the ratio's interval tightens fast), and a resume in the middle
 * of an adaptive study.
 */
@org.junit.jupiter.api.Tag("forked")
class AdaptiveStudyTest {

    private static final String FAKE = """
            #!/bin/sh
            n=$1; seed=$2
            echo "@carbonlab:mark train-1"
            i=0; while [ $i -lt $n ]; do i=$((i+1)); done
            echo "@carbonlab:mark validate-1"
            echo "@carbonlab:mark after-training"
            echo '@carbonlab:result {"model":"fake-net","precision":"fp32","epochs":[{"epoch":1,"trainLoss":0.5,\
            "validationAccuracy":0.8,"seconds":0.25}],"testAccuracy":0.8,"trainExamples":100,"steps":4,\
            "engine":"fake 1.0"}'
            """;

    @TempDir
    Path tmp;

    private Path spec(String design) throws Exception {
        Path f = Scripts.executable(tmp.resolve("fake-train.sh"), FAKE);
        Path s = tmp.resolve("adaptive.yaml");
        Files.writeString(s, "name: adaptive\nworkload:\n  engine: command\n  command: [" + f + ", \"{n}\", \"{seed}\"]\n"
                + "  parameters:\n    n: [\"200000\", \"400000\"]\nvariants:\n  n: [\"200000\", \"400000\"]\n" + design
                + "power: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n");
        return s;
    }

    private Runner runner(ByteArrayOutputStream out) {
        return EstimateRunner.of(tmp, out);
    }

    @Test
    void warmUpsRunFirstAndTheStudyStopsOnTheRuleThenAResumeGoesOnWhereTheRuleLeftOff() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = runner(out).run(spec("warmup: 1\nrepetitions: {min: 3, max: 7, until: {metric: wall-time,"
                + " half-width: 45%}}\n"), tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        assertEquals(List.of(TrialStatus.WARMUP, TrialStatus.WARMUP), trials.subList(0, 2).stream()
                .map(TrialRecord::status).toList(), "one warm-up per variant, first, never counted");
        assertEquals(List.of(0, 0), trials.subList(0, 2).stream().map(TrialRecord::repetition).toList());
        Blocks.Stop stop = Blocks.readStop(dir).orElseThrow();
        // two-stage: the 2-block pilot sizes the study, which never stops before the pilot and 3 more blocks
        assertTrue(stop.blocks() >= 5 && stop.blocks() <= 7, stop.toString());
        assertTrue(stop.words().contains("pilot's spread of the log ratios"), stop.words());
        assertEquals(2 + 2 * stop.blocks(), trials.size(), "no trial after the stop: " + stop);
        assertTrue(trials.subList(2, trials.size()).stream().allMatch(TrialRecord::ok));
        assertTrue(trials.stream().allMatch(r -> r.disturbance() != null), "every trial's disturbance recorded");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped after " + stop.blocks() + " blocks: "));
        StudyReport.write(dir);
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("## How conclusive: design, stopping, outliers"), md);
        assertTrue(md.contains("- stopped after " + stop.blocks() + " blocks: " + stop.words()), md);
        assertTrue(md.contains("| t001 | n=200000 | 0 | 1 | warmup |"), md);
        assertTrue(md.contains("warm-up, not counted"), md);
        assertTrue(md.contains("| paired 95 % CI (decides) | unpaired, Fieller | paired, without outliers |"), md);
        assertTrue(md.contains("- certificate: at CV "), md);
        assertTrue(md.contains("- order within a block: counterbalanced"), md);
        com.fasterxml.jackson.databind.JsonNode design = org.carbonlab.results.Json.MAPPER.readTree(
                dir.resolve("summary.json").toFile()).get("design");
        assertEquals(stop.blocks(), design.get("stop").get("blocks").asInt());
        assertEquals(1, design.get("pilot_log_ratio_sd").size(), "one ratio's pilot spread");
        assertTrue(design.get("certificate").get("rows").get(0).get("coverage").asDouble() > 0.9, design.toString());

        // a crash after the second block (the pilot): its records kept, the stop not yet decided; the resume runs
        // block 3 on and stops where the same pilot sized the study
        List<String> lines = Files.readAllLines(dir.resolve(RunFiles.TRIALS));
        Files.write(dir.resolve(RunFiles.TRIALS), lines.subList(0, 6));
        Files.delete(dir.resolve(Blocks.STOP));
        runner(new ByteArrayOutputStream()).resume(dir);
        Blocks.Stop again = Blocks.readStop(dir).orElseThrow();
        assertEquals(stop.blocks(), again.blocks(), again.toString());
        assertEquals(2 + 2 * again.blocks(), RunFiles.lastPerTrial(RunFiles.readTrials(dir)).size());
        // resumed once more: the study has stopped, nothing runs
        long before = Files.size(dir.resolve(RunFiles.TRIALS));
        runner(new ByteArrayOutputStream()).resume(dir);
        assertEquals(before, Files.size(dir.resolve(RunFiles.TRIALS)));
    }

    @Test
    void aStudyThatCannotGetTightStopsAtMaxAndSaysSo() throws Exception {
        // wall time (never equal at nanosecond resolution; estimated energy has procfs's 10 ms steps and two trials
        // can tie, which makes an interval of zero width)
        Path dir = runner(new ByteArrayOutputStream()).run(spec("repetitions: {min: 2, max: 2, until: {metric:"
                + " wall-time, half-width: 0.1%}}\n"), tmp.resolve("results"));
        Blocks.Stop stop = Blocks.readStop(dir).orElseThrow();
        assertEquals(2, stop.blocks());
        assertEquals(StoppingRule.Reason.MAX, stop.reason());
        StudyReport.write(dir);
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("the design cannot reach +-0.1 % on wall time"), md);
    }

    @Test
    void aBudgetStopsTheStudyBeforeABlockThatWouldOverrunItButNeverBelowMin() throws Exception {
        // +-0.1 % is out of reach; each block takes well over a second of trials, so 1 s of budget ends it at min
        Path dir = runner(new ByteArrayOutputStream()).run(spec("repetitions: {min: 2, max: 6, until: {metric:"
                + " wall-time, half-width: 0.1%}}\nbudget: {time: 1s}\n"), tmp.resolve("results"));
        Blocks.Stop stop = Blocks.readStop(dir).orElseThrow();
        assertEquals(2, stop.blocks(), stop.toString());
        assertEquals(StoppingRule.Reason.BUDGET, stop.reason());
        assertTrue(stop.words().startsWith("the time budget (PT1S) would be overrun by one more block"), stop.words());
        assertEquals(4, RunFiles.readTrials(dir).size());
    }

    private static String error(String yaml) {
        try {
            ExperimentSpec.parse(new StringReader(yaml), "s.yaml");
        } catch (SpecException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void theDesignKeysAreParsedAndBadOnesRefusedAtTheirPosition() {
        ExperimentSpec s = ExperimentSpec.parse(new StringReader("name: x\nwarmup: 2\nrepetitions: {min: 4, max: 9,"
                + " until: {metric: training-energy, half-width: 5%}}\nbudget: {time: 30m, energy: 2 kWh}\n"
                + "quiet: {max-wait: 20s}\n"), "s.yaml");
        Design d = s.design();
        assertEquals(2, d.warmup());
        assertEquals(4, d.minBlocks());
        assertEquals(9, s.repetitions(), "the plan holds the most blocks");
        assertEquals(new Design.Until(org.carbonlab.results.TrialMetric.TRAINING_ENERGY, 0.05), d.until().get());
        assertEquals(java.time.Duration.ofMinutes(30), d.budgetTime().get());
        assertEquals(7.2e6, d.budgetJoules(), 1e-6);
        assertEquals(java.time.Duration.ofSeconds(20), d.quietMaxWait());
        Plan p = Plan.of(s);
        assertEquals(2 * 1 + 9, p.trials().size(), "2 warm-ups of the one variant, then 9 blocks");
        assertTrue(p.trials().get(0).warmup() && p.trials().get(1).warmup() && !p.trials().get(2).warmup());
        assertEquals(Design.fixed(3), ExperimentSpec.parse(new StringReader("name: x\n"), "s.yaml").design());

        assertEquals("s.yaml:2:28: repetitions.max must be between 5 and 10000, got 4",
                error("name: x\nrepetitions: {min: 5, max: 4, until: {}}\n"));
        assertEquals("s.yaml:2:14: repetitions as a range needs until: {metric: energy-per-trial, half-width: 10%};"
                + " for a fixed number write repetitions: N", error("name: x\nrepetitions: {min: 3, max: 5}\n"));
        assertTrue(error("name: x\nrepetitions: {until: {metric: joules}}\n").startsWith("s.yaml:2:31: unknown"
                + " metric 'joules'; valid: [energy-per-trial, training-energy, wall-time"));
        assertEquals("s.yaml:2:54: repetitions.until.half-width is a fraction of the ratio such as 10% or 0.1, got"
                + " 150%", error("name: x\nrepetitions: {until: {metric: wall-time, half-width: 150%}}\n"));
        assertTrue(error("name: x\nrepetitions: 3\nbudget: {time: 1h}\n").startsWith("s.yaml:3:9: a budget stops an"
                + " adaptive study early"));
        assertEquals("s.yaml:3:18: budget.energy must be a number and a unit (J, kJ, MJ, Wh, kWh), e.g. 50kJ; got"
                + " lots", error("name: x\nrepetitions: {until: {}}\nbudget: {energy: lots}\n"));
        assertEquals("s.yaml:2:9: unknown key 'wait' in quiet; valid: max-wait", error("name: x\nquiet: {wait: 5s}\n"));
    }
}
