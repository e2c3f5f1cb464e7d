package org.carbonlab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;

import org.carbonlab.results.TuneDefinition;
import org.junit.jupiter.api.Test;

/** A tune spec's section: read with its defaults, and every bad one refused at file:line:column before a run. */
class TuneSpecTest {

    private static final String HEAD = """
            name: t
            workload:
              engine: command
              command: [/bin/true, "{batch-size}", "{precision}", "{threads}"]
              parameters:
                threads: ["2", "1"]
            variants:
              batch-size: [32, 64]
              precision: [fp32, amp-bf16]
              threads: ["1", "2"]
            baseline: batch-size=64 precision=fp32 threads=2
            """;

    private static ExperimentSpec parse(String yaml) {
        return ExperimentSpec.parse(new StringReader(yaml), "t.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(SpecException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void aTuneSectionReadsWithItsDefaults() {
        TuneDefinition t = parse(HEAD + "tune:\n  objective: energy-per-trial\n  target: {at-least: 0.83}\n")
                .tune().orElseThrow();
        assertEquals("energy-per-trial", t.objective());
        assertEquals(new TuneDefinition.Target("test-accuracy", 0.83), t.target());
        assertEquals(new TuneDefinition.Blocks(2, 8), t.blocks());
        assertEquals(0.95, t.confidence());
        assertEquals(null, t.budget());
        assertTrue(parse(HEAD).tune().isEmpty(), "a study has no tune");
    }

    @Test
    void badTuneSpecsAreRefusedInOneLineAtTheirPosition() {
        assertEquals("t.yaml:13:3: tune needs 'objective': what the race minimises, one of energy-per-trial,"
                + " training-energy, wall-time, inference-energy", error(HEAD + "tune:\n  target: {at-least: 0.8}\n"));
        String unknownKnob = error(HEAD.replace("  threads: [\"1\", \"2\"]", "  thread: [\"1\", \"2\"]")
                + "tune:\n  objective: energy-per-trial\n");
        assertTrue(unknownKnob.startsWith("t.yaml:10:3: unknown key 'thread' in variants; valid: engine, model,"),
                unknownKnob);
        assertTrue(unknownKnob.contains(", threads, "), "the declared parameter is a valid knob: " + unknownKnob);
        assertEquals("t.yaml:14:22: tune.target.at-least 1.2 is unreachable: an accuracy is a fraction in (0, 1],"
                + " e.g. 0.85", error(HEAD + "tune:\n  objective: wall-time\n  target: {at-least: 1.2}\n"));
        assertEquals("t.yaml:14:20: tune.budget.trials 3 is too small for one block of the race: the first 2 blocks"
                + " of the default and one other candidate take 4", error(HEAD
                + "tune:\n  objective: wall-time\n  budget: {trials: 3}\n"));
        assertEquals("t.yaml:15:20: tune.budget.trials 4 is too small for one block of the race: 1 warm-up trial"
                + " and the first 2 blocks of the default and one other candidate take 5",
                error(HEAD + "warmup: 1\ntune:\n  objective: wall-time\n  budget: {trials: 4}\n"));
        assertTrue(error(HEAD + "tune:\n  objective: test-accuracy\n").startsWith("t.yaml:13:14: tune.objective"
                + " 'test-accuracy' is not a cost the race can minimise"));
        assertEquals("t.yaml:12:1: a tune's blocks and budget are tune.blocks and tune.budget; remove the top-level"
                + " 'repetitions'", error(HEAD + "repetitions: 3\ntune:\n  objective: wall-time\n"));
        assertEquals("t.yaml:13:3: unknown key 'objetive' in tune; valid: objective, target, constraints, blocks,"
                + " confidence, budget", error(HEAD + "tune:\n  objetive: wall-time\n"));
        assertEquals("t.yaml:14:31: tune.constraints.max-slowdown is a ratio to the default's wall time, at least 1"
                + " (1.5: at most 50 % slower); got 0.5", error(HEAD + "tune:\n  objective: wall-time\n"
                + "  constraints: {max-slowdown: 0.5}\n"));
    }

    @Test
    void theCommittedTuneSpecParses() {
        ExperimentSpec s = ExperimentSpec.parse(Path.of("experiments/tune-pytorch.yaml"));
        assertEquals(16, Plan.of(s).variantList().size());
        assertEquals(1 + 16 * 8, Plan.of(s).trials().size(), "one warm-up of the default, every candidate to 8");
    }
}
