package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.carbonlab.report.study.StudyReport;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.spec.SpecException;

/**
 * An unchanged script as a study workload: it prints only its own lines, which {@code capture:} and
 * {@code marks:} read; it exits 0 without a result line and is ok; it starts in {@code cwd:}.
 */
@org.junit.jupiter.api.Tag("forked")
class CaptureStudyTest {

    /** A script in the style of the public PyTorch examples: its own progress and test lines, nothing of carbonlab. */
    private static final String SCRIPT = """
            #!/bin/sh
            echo "started in $(pwd)" >&2
            echo "Loaded 100 training and 200 test images in 0.05s"
            sleep 0.3
            echo "Train Epoch: 1 [0/100 (0%)]	Loss: 2.302585"
            i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done
            echo "Test set: Average loss: 0.6100, Accuracy: 150/200 (75.00%)"
            echo "Train Epoch: 2 [0/100 (0%)]	Loss: 0.550583"
            echo "epoch took 0.25 s" >&2
            i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done
            echo "Test set: Average loss: 0.5000, Accuracy: 162/200 (81.00%)"
            exit ${FAKE_EXIT:-0}
            """;

    private static final String CAPTURE = """
              capture:
                test-accuracy: {pattern: 'Accuracy: \\d+/\\d+ \\(([\\d.]+)%\\)', scale: 0.01, match: last}
                first-loss: {pattern: 'Loss: ([\\d.]+)', match: first}
                epoch-seconds: {pattern: 'epoch took ([\\d.]+) s', unit: s}
                never: 'Validation: ([\\d.]+)'
              marks:
                train-1: '^Train Epoch: 1 '
                train-2: '^Train Epoch: 2 '
            """;

    @TempDir
    Path tmp;

    private Path script(String name, String text) throws Exception {
        Path f = Scripts.executable(tmp.resolve(name), text);
        return f;
    }

    private Path spec(String workload, String rest) throws Exception {
        Path s = tmp.resolve("s.yaml");
        Files.writeString(s, "name: byo\nworkload:\n  engine: command\n" + workload + rest
                + "repetitions: 1\npower: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n");
        return s;
    }

    @Test
    void anUnchangedScriptIsOkWithItsCapturesAndItsEnergySplitByItsOwnLines() throws Exception {
        script("main.sh", SCRIPT);
        Path s = spec("  cwd: " + tmp + "\n  command: [./main.sh, \"{seed}\"]\n" + CAPTURE,
                "variants:\n  env.FAKE_EXIT: [\"0\", \"3\"]\n");
        Path dir = EstimateRunner.of(tmp, new ByteArrayOutputStream()).run(s, tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);

        TrialRecord ok = trials.get(0);
        assertEquals(TrialStatus.OK, ok.status(), ok.reason());
        assertFalse(ok.outcome().reported(), "no result line");
        assertNull(ok.outcome().parameters(), "what a result line would say is absent, not 0");
        assertNull(ok.outcome().steps());
        assertNull(ok.outcome().trainExamples());
        assertNull(ok.outcome().threads());
        assertTrue(Files.readString(dir.resolve("trials.jsonl")).contains("\"parameters\":null"),
                "and trials.jsonl says so");
        assertEquals("command", ok.outcome().engineId());
        assertEquals(0.81, ok.outcome().testAccuracy(), 1e-12, "test-accuracy fills the outcome's");
        Map<String, TrialRecord.Captured> c = ok.captures();
        assertEquals(2.302585, c.get("first-loss").value(), 1e-12);
        assertEquals(0.25, c.get("epoch-seconds").value(), 1e-12);
        assertEquals("stderr line 2", c.get("epoch-seconds").where());
        assertEquals("s", c.get("epoch-seconds").unit());
        assertNull(c.get("never").value());
        assertTrue(c.get("never").problem().startsWith("no line of stdout or stderr matched"), c.get("never")
                .problem());
        assertTrue(Double.isNaN(ok.captured("never")));
        // the marks split the window where the script's own lines came
        assertNotNull(ok.startup());
        assertTrue(ok.startup().seconds() >= 0.25, "start-up holds the 0.3 s before train-1: " + ok.startup());
        assertNotNull(ok.trainingEnergyJ(), "train-1 and train-2 segments make the training energy");
        assertTrue(ok.trainingEnergyJ() > 0 && ok.trainingEnergyJ() < ok.energyJ());
        assertEquals(List.of(), ok.epochEnergyJ(), "no epochs reported");
        String trace = Files.readString(dir.resolve("power").resolve(ok.id() + ".csv"));
        assertTrue(trace.contains(",mark:train-1") && trace.contains(",mark:train-2"), trace);
        // both streams kept, and cwd: is where it ran
        assertTrue(Files.readString(dir.resolve("logs/t001.stdout.log")).contains("Train Epoch: 2 [0/100"));
        assertTrue(Files.readString(dir.resolve("logs/t001.log")).contains("started in " + tmp.toRealPath()));

        TrialRecord failed = trials.get(1);
        assertEquals(TrialStatus.FAILED, failed.status(), "a failed exit stays failed");
        assertTrue(failed.reason().contains("exited with code 3") && failed.reason().contains("epoch took 0.25 s"),
                failed.reason());
        assertEquals(0.81, failed.captures().get("test-accuracy").value(), 1e-12, "its captures are kept");

        StudyReport.write(dir);
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("first-loss (captured from the output)"), summary);
        assertTrue(summary.contains("epoch-seconds (captured from the output) (s)"), summary);
        assertTrue(summary.contains("| t001 | env.FAKE_EXIT=0 | 1 | 1 | ok |"), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("| t001 ") && l.contains("| 0.8100 | n/a |")), summary);
        assertTrue(summary.contains("- captured never: found in 0 of 1 ok trials; e.g. no line of stdout or stderr"
                + " matched"), summary);
        assertTrue(summary.contains("- captured first-loss: found in 1 of 1 ok trials\n"), summary);
        Map<String, Object> workload = RunManifest.read(dir).definition().workload();
        assertFalse(workload.containsKey("model"), "the manifest lists only what the command sees: " + workload);
        assertEquals(List.of("test-accuracy", "first-loss", "epoch-seconds", "never"),
                List.copyOf(((Map<?, ?>) workload.get("capture")).keySet()));
        assertEquals(tmp.toString(), workload.get("cwd"));
    }

    @Test
    void theProtocolWinsOverACaptureOfTheSameFigureAndAMarkIsNeverSetTwice() throws Exception {
        Path f = script("proto.sh", """
                #!/bin/sh
                echo "@carbonlab:mark train-1"
                echo "Train Epoch: 1 [0/100 (0%)]"
                echo "Test set: Accuracy: 150/200 (75.00%) step_ms 9"
                echo "@carbonlab:mark after-training"
                echo '@carbonlab:result {"model":"fake-net","precision":"fp32","epochs":[{"epoch":1,"trainLoss":0.5,\
                "validationAccuracy":0.8,"seconds":0.25}],"testAccuracy":0.8,"trainExamples":100,"steps":4,\
                "metrics":{"step_ms":12.0}}'
                """);
        Path s = spec("  command: [" + f + ", \"{seed}\"]\n  capture:\n"
                + "    test-accuracy: {pattern: '\\(([\\d.]+)%\\)', scale: 0.01}\n"
                + "    step_ms: 'step_ms (\\d+)'\n  marks:\n    train-1: '^Train Epoch: 1 '\n", "");
        Path dir = EstimateRunner.of(tmp, new ByteArrayOutputStream()).run(s, tmp.resolve("results"));
        TrialRecord t = RunFiles.readTrials(dir).get(0);
        assertEquals(TrialStatus.OK, t.status(), t.reason());
        assertEquals(0.8, t.outcome().testAccuracy(), 1e-12, "the result line's accuracy");
        assertTrue(t.captures().get("test-accuracy").superseded());
        assertEquals(0.75, t.captures().get("test-accuracy").value(), 1e-12, "kept for the record");
        assertTrue(t.captures().get("step_ms").superseded());
        assertTrue(Double.isNaN(t.captured("step_ms")));
        String trace = Files.readString(dir.resolve("power").resolve(t.id() + ".csv"));
        assertEquals(1, trace.lines().filter(l -> l.endsWith(",mark:train-1")).count(), trace);
        StudyReport.write(dir);
        String summary = Files.readString(dir.resolve("summary.md"));
        assertFalse(summary.contains("(captured from the output)"), "the protocol's metric is the row");
        assertTrue(summary.contains("- captured step_ms: found in 0 of 1 ok trials; 1 reported it in their result"
                + " line, which is used"), summary);
    }

    @Test
    void badCaptureMarkAndCwdSettingsAreRefusedAtTheirPosition() throws Exception {
        Path f = script("x.sh", "#!/bin/sh\n");
        String head = "name: x\nworkload:\n  engine: command\n  command: [" + f + "]\n";
        assertRefused(head + "  capture:\n    acc: 'Accuracy: [0-9]+'\n", "s.yaml:6:10: capture acc: the pattern"
                + " 'Accuracy: [0-9]+' has no group");
        assertRefused(head + "  capture:\n    acc: {pattern: '(\\d+', scale: 1}\n", "s.yaml:6:10: capture acc:"
                + " '(\\d+' is not a regular expression");
        assertRefused(head + "  capture:\n    acc: {pattern: '(\\d+)', match: middle}\n", "match must be first or"
                + " last, got 'middle'");
        assertRefused(head + "  capture:\n    acc: {pattern: '(\\d+)', scale: percent}\n", "scale must be a number");
        assertRefused(head + "  capture:\n    acc: {regex: '(\\d+)'}\n", "unknown key 'regex' in"
                + " workload.capture.acc");
        assertRefused(head + "  marks:\n    two words: '^x'\n", "mark label 'two words' must be one word");
        assertRefused(head + "  cwd: " + tmp.resolve("nowhere") + "\n", "s.yaml:5:8: workload.cwd '"
                + tmp.resolve("nowhere") + "' is not a directory");
        assertRefused("name: x\nworkload:\n  capture: {acc: '(\\d+)'}\n", "s.yaml:3:3: workload.capture needs"
                + " workload.command");
        assertRefused("name: x\nworkload:\n  engine: command\n  cwd: " + tmp + "\n  command: [./missing.sh]\n",
                "program './missing.sh' is not an executable file (relative paths start in workload.cwd");
    }

    @Test
    void declaringAWorkloadKeyAsAParameterSaysWhatToWriteInstead() throws Exception {
        Path f = script("x.sh", "#!/bin/sh\n");
        assertRefused("name: x\nworkload:\n  engine: command\n  command: [" + f + ", \"{batch-size}\"]\n"
                + "  parameters: {batch-size: [64, 256]}\n", "s.yaml:5:16: 'batch-size' is already a workload key,"
                + " so it needs no declaring: write {batch-size} in workload.command and set workload.batch-size or"
                + " vary it under variants");
        // and what it says to write is accepted
        ExperimentSpec ok = ExperimentSpec.parse(new StringReader("name: x\nworkload:\n  engine: command\n"
                + "  command: [" + f + ", \"{batch-size}\"]\nvariants:\n  batch-size: [64, 256]\n"), "s.yaml");
        assertEquals(List.of(f.toString(), "64"), Plan.of(ok).trials().get(0).variant().settings().commandLine(1));
    }

    private static void assertRefused(String yaml, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse(new StringReader(yaml),
                "s.yaml"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
