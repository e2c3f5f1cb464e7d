package org.carbonlab.experiment.run;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.carbonlab.report.study.StudyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.spec.SpecException;

/**
 * {@code engine: command} end to end with a fake training command (a shell script that speaks the trial protocol):
 * a study, its regenerated report, commands that fail, write garbage or partial results, are killed or hang past
 * the trial timeout, and every bad placeholder refused at its position.
 */
@org.junit.jupiter.api.Tag("forked")
class CommandStudyTest {

    /** Speaks the protocol; its first argument says how to misbehave. */
    private static final String FAKE = """
            #!/bin/sh
            mode=$1; seed=$2; lr=$3
            echo "fake: mode $mode seed $seed lr $lr" >&2
            case $mode in refuse) echo "@carbonlab:error fake refuses: no such device"; exit 2;; esac
            echo "@carbonlab:mark train-1"
            i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done
            echo "@carbonlab:mark validate-1"
            echo "@carbonlab:mark after-training"
            echo "@carbonlab:mark inference-10000"
            echo "@carbonlab:mark after-inference"
            case $mode in
              ok) echo '@carbonlab:result {"model":"fake-net","parameters":10,"precision":"fp32","epochs":[{"epoch":1,\
            "trainLoss":0.5,"validationAccuracy":0.8,"seconds":0.25}],"testAccuracy":0.8'$seed',"stoppedEarly":false,\
            "targetEpoch":null,"trainExamples":100,"steps":4,"skippedSteps":null,"finalLossScale":null,\
            "weightTypes":["float32"],"inferenceSeconds":0.1,"distilled":false,"threads":1,"djl":null,\
            "engine":"fake 1.0","data":"none","metrics":{"step_ms":1'$seed'.5},"details":{"device":"cpu"}}';;
              fail) echo "Traceback: something broke" >&2; echo "ValueError: bad shape" >&2; exit 3;;
              garbage) echo '@carbonlab:result {not json at all';;
              partial) echo '@carbonlab:result {"model":"fake-net","precision":"fp32","epochs":[]}';;
              sigkill) kill -9 $$;;
              hang) sleep 600 & wait;;
            esac
            """;

    @TempDir
    Path tmp;

    private Path fake() throws Exception {
        Path f = Scripts.executable(tmp.resolve("fake-train.sh"), FAKE);
        return f;
    }

    private String spec(String variants, String extra) throws Exception {
        return "name: cmd\n"
                + "workload:\n"
                + "  engine: command\n"
                + "  command: [" + fake() + ", \"{mode}\", \"{seed}\", \"{learning-rate}\"]\n"
                + "  parameters:\n"
                + "    mode: [ok, fail, garbage, partial, sigkill, hang, refuse]\n"
                + "variants:\n"
                + variants
                + extra
                + "power: {sources: [estimate], interval: 50ms}\n"
                + "carbon: {intensity: 0.3, pue: 1.5}\n";
    }

    private Runner runner() {
        return EstimateRunner.of(tmp, new ByteArrayOutputStream());
    }

    private Path write(String yaml) throws Exception {
        Path f = tmp.resolve("cmd.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static Map<String, byte[]> summaries(Path dir) throws Exception {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        for (String f : List.of("summary.md", "summary.csv", "summary.json", "emissions.csv")) {
            m.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        return m;
    }

    @Test
    void aCommandStudyRunsEveryTrialMetersItsSegmentsAndItsReportRegeneratesByteForByte() throws Exception {
        Path dir = runner().run(write(spec("  learning-rate: [0.001, 0.002]\n", "repetitions: 2\n")),
                tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        assertEquals(4, trials.size());
        for (TrialRecord t : trials) {
            assertTrue(t.ok(), t.status() + ": " + t.reason());
            assertNotNull(t.trainingEnergyJ(), "the train-1 and validate-1 marks split the window");
            assertNotNull(t.inferenceEnergyJ());
            assertEquals(0.8 + t.seed() / 100.0, t.outcome().testAccuracy(), 1e-12);
            assertEquals("cpu", t.outcome().details().get("device"));
        }
        assertTrue(Files.readString(dir.resolve("logs/t001.log")).contains("fake: mode ok seed 1 lr 0.001"),
                "placeholders filled per trial, stderr kept as the trial's log");
        assertTrue(Files.readString(dir.resolve("logs/t003.log")).contains("fake: mode ok seed 2 lr 0.002"),
                "block 2 counterbalanced: B first");
        StudyReport.write(dir);
        Map<String, byte[]> first = summaries(dir);
        String csv = new String(first.get("summary.csv"), StandardCharsets.UTF_8);
        assertTrue(csv.contains("learning-rate=0.002,extra_step_ms,,2,12.0,0.707"), csv); // seeds 1, 2: 11.5, 12.5
        StudyReport.write(dir);
        Map<String, byte[]> second = summaries(dir);
        for (String f : first.keySet()) {
            assertEquals(new String(first.get(f), StandardCharsets.UTF_8), new String(second.get(f),
                    StandardCharsets.UTF_8), f);
        }
    }

    @Test
    void failingGarbledPartialKilledAndHangingCommandsAreRecordedAndLoseNoOtherTrial() throws Exception {
        Path dir = runner().run(write(spec("  mode: [ok, fail, garbage, partial, sigkill, hang]\n", "repetitions: 1\n"
                + "trial-timeout: 3s\n")), tmp.resolve("results"));
        Map<String, TrialRecord> byVariant = RunFiles.readTrials(dir).stream()
                .collect(Collectors.toMap(TrialRecord::variant, t -> t));
        assertEquals(6, byVariant.size());
        assertTrue(byVariant.get("mode=ok").ok());
        TrialRecord fail = byVariant.get("mode=fail");
        assertEquals(org.carbonlab.results.TrialStatus.FAILED, fail.status());
        assertEquals(3, fail.exitCode());
        assertTrue(fail.reason().startsWith("the command exited with code 3 without a result; see logs/t002.log;"
                + " last lines of its stderr: "), fail.reason());
        assertTrue(fail.reason().endsWith("Traceback: something broke | ValueError: bad shape"), fail.reason());
        assertTrue(byVariant.get("mode=garbage").reason().startsWith("its result line is not a trial outcome"),
                byVariant.get("mode=garbage").reason());
        assertTrue(byVariant.get("mode=partial").reason().startsWith("its result line is incomplete: epochs lists no"
                + " epoch"), byVariant.get("mode=partial").reason());
        assertTrue(byVariant.get("mode=sigkill").reason().startsWith("the command was killed by signal 9"),
                byVariant.get("mode=sigkill").reason());
        TrialRecord hang = byVariant.get("mode=hang");
        assertEquals(org.carbonlab.results.TrialStatus.TIMED_OUT, hang.status());
        assertTrue(hang.wallSeconds() >= 3 && hang.wallSeconds() < 30, "killed at the timeout: " + hang.wallSeconds());
        assertTrue(hang.reason().contains("ran past trial-timeout (3 s)"), hang.reason());
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            assertFalse(all.anyMatch(h -> h.info().commandLine().orElse("").contains("sleep 600")),
                    "the hanging command's child was killed with it");
        }
        StudyReport.write(dir);
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("1 ok, 4 failed, 0 interrupted, 0 not run,"
                + " 1 timed out"), Files.readString(dir.resolve("summary.md")));

        runner().resume(dir); // reruns the five that have no ok record
        List<TrialRecord> after = RunFiles.readTrials(dir);
        assertEquals(11, after.size());
        assertEquals(List.of("t002", "t003", "t004", "t005", "t006"), after.subList(6, 11).stream()
                .map(TrialRecord::id).toList());
    }

    @Test
    void aPreflightThatRefusesStopsTheRunBeforeAnythingIsWritten() throws Exception {
        String yaml = spec("  mode: [ok]\n", "").replace("  parameters:", "  preflight: [" + fake() + ", refuse, \"{seed}\", x]\n"
                + "  parameters:");
        Path results = tmp.resolve("results");
        org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class,
                () -> runner().run(write(yaml), results));
        assertTrue(e.getMessage().startsWith("preflight refused (" + fake() + " refuse 1 x, exit code 2): fake refuses:"
                + " no such device"), e.getMessage());
        assertFalse(Files.exists(results));
    }

    private static String error(String yaml) {
        return assertThrows(SpecException.class, () -> ExperimentSpec.parse(new StringReader(yaml), "s.yaml"))
                .getMessage();
    }

    @Test
    void everyBadPlaceholderAndCommandIsRefusedAtItsPosition() throws Exception {
        String f = fake().toString();
        String head = "name: x\nworkload:\n  engine: command\n";
        assertTrue(error(head + "  command: [" + f + ", \"{modle}\"]\n").startsWith("s.yaml:4:" + (15 + f.length())
                + ": unknown placeholder {modle} in workload.command; valid: [{engine}, {model}, {precision}"),
                error(head + "  command: [" + f + ", \"{modle}\"]\n"));
        assertEquals("s.yaml:5:16: parameter 'compile' is declared but the command has no {compile}; use it in"
                + " workload.command or remove it", error(head + "  command: [" + f + "]\n  parameters: {compile:"
                + " [off, on]}\n"));
        assertEquals("s.yaml:5:3: workload.epochs is set but the command has no {epochs}: the command would not see"
                + " it; pass it as an argument or remove the key", error(head + "  command: [" + f + ", \"{seed}\"]\n"
                + "  epochs: 3\n"));
        assertEquals("s.yaml:6:3: variant 'precision=fp32' varies precision but the command has no {precision}:"
                + " its trials would all run the same command", error(head + "  command: [" + f + "]\nvariants:\n"
                + "  precision: [fp32, amp-bf16]\n"));
        assertEquals("s.yaml:4:13: workload.command: program 'no-such-trainer' is not an executable on PATH",
                error(head + "  command: [no-such-trainer, \"{seed}\"]\n"));
        assertEquals("s.yaml:4:13: workload.command: program './missing.py' is not an executable file (relative"
                + " paths start in the directory carbonlab runs in)", error(head + "  command: [./missing.py]\n"));
        assertEquals("s.yaml:6:12: compile 'max' is not allowed by the command's parameters; valid: [off, on]",
                error(head + "  command: [" + f + ", \"{compile}\"]\n  parameters: {compile: [off, on]}\n"
                        + "  compile: max\n"));
        assertEquals("s.yaml:3:11: engine: command needs workload.command, the training command as a list of"
                + " arguments (experiments/PROTOCOL.md)", error(head));
        assertEquals("s.yaml:3:12: workload.command is given but no variant trains with engine: command; set"
                + " workload.engine: command or vary engine", error("name: x\nworkload:\n  command: [" + f + "]\n"));
        assertEquals("s.yaml:4:12: workload.command must be a non-empty list of arguments, e.g. [/usr/bin/python3,"
                + " experiments/pytorch/fmnist.py, --seed, \"{seed}\"]", error(head + "  command: python3 x.py\n"));
        assertEquals("s.yaml:5:16: parameter 'cwd' must be a new key of lower-case letters, digits, '-' and '_',"
                + " not one of [command, preflight, parameters, capture, marks, cwd]", error(head + "  command: [" + f
                + "]\n  parameters: {cwd: [1]}\n"));
        assertTrue(error(head + "  command: [" + f + "]\n  parameters: {epochs: [1]}\n").startsWith("s.yaml:5:16:"
                + " 'epochs' is already a workload key, so it needs no declaring"));
    }

    @Test
    void variantsListedRowByRowMixEnginesAndPrecisionsWithoutTheirProduct() throws Exception {
        String f = fake().toString();
        ExperimentSpec s = ExperimentSpec.parse(new StringReader("name: x\nworkload:\n  command: [" + f
                + ", \"{precision}\", \"{seed}\"]\nvariants:\n  - {engine: djl, precision: fp32}\n"
                + "  - {engine: command, precision: fp32}\n  - {engine: command, precision: amp-bf16}\n"), "s.yaml");
        List<String> names = new ArrayList<>();
        for (Plan.Variant v : Plan.variants(s)) {
            names.add(v.name());
        }
        assertEquals(List.of("engine=djl precision=fp32", "engine=command precision=fp32",
                "engine=command precision=amp-bf16"), names);
        assertEquals(List.of(f, "amp-bf16", "7"), Plan.variants(s).get(2).settings().commandLine(7));
        String djlBf16 = error("name: x\nvariants:\n  - {engine: djl, precision: amp-bf16}\n");
        assertTrue(djlBf16.startsWith("s.yaml:3:30:"
                + " amp-bf16 is not supported on DJL 0.36's PyTorch engine"), djlBf16);
        assertEquals("s.yaml:4:5: duplicate variant {precision=fp32}: two rows would carry the same name",
                error("name: x\nvariants:\n  - {precision: fp32}\n  - {precision: fp32}\n"));
    }
}
