package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.carbonlab.cli.Main;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner killed with SIGKILL mid-trial leaves no trial running (the trial dies with it), and {@code --resume}
 * stops any trial process a dead runner did leave before it measures, then completes the run.
 */
@org.junit.jupiter.api.Tag("forked")
class OrphanTrialTest {

    /** The first trial to run marks its start and sleeps in place (its pid is the trial's); later ones finish. */
    private static final String FAKE = """
            #!/bin/sh
            echo "@carbonlab:mark train-1"
            if [ ! -e "$1" ]; then touch "$1"; exec sleep 60; fi
            echo '@carbonlab:result {"model":"fake-net","parameters":10,"precision":"fp32","epochs":[{"epoch":1,\
            "trainLoss":0.5,"validationAccuracy":0.8,"seconds":0.1}],\
            "testAccuracy":0.8,"stoppedEarly":false,"targetEpoch":null,"trainExamples":100,"steps":4,\
            "skippedSteps":null,"finalLossScale":null,"weightTypes":["float32"],"inferenceSeconds":0.0,\
            "distilled":false,"threads":1,"djl":null,"engine":"fake 1.0","data":"none","metrics":{},"details":{}}'
            """;

    @TempDir
    Path tmp;

    @Test
    void aRunnerKilledMidTrialTakesItsTrialWithItAndResumeCompletes() throws Exception {
        Path script = Scripts.executable(tmp.resolve("fake.sh"), FAKE);
        Path spec = tmp.resolve("orphan.yaml");
        Files.writeString(spec, "name: orphan\nworkload:\n  engine: command\n"
                + "  command: [" + script + ", \"" + tmp.resolve("slept") + "\", \"{learning-rate}\"]\n"
                + "variants:\n  learning-rate: [0.001, 0.002]\nrepetitions: 1\n"
                + "power: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n");
        Path results = tmp.resolve("results");
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", spec.toString(),
                "--results", results.toString(), "--powercap-root", tmp.resolve("none").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("runner.log").toFile()).start();
        Path pidFile = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pidFile == null && System.nanoTime() < deadline && runner.isAlive()) {
            pidFile = pidFiles(results).findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertTrue(pidFile != null, "a trial started: " + Files.readString(tmp.resolve("runner.log")));
        long trial = Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
        while (!Files.exists(tmp.resolve("slept")) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the trial is in its sleep
        }
        assertTrue(ProcessHandle.of(trial).map(ProcessHandle::isAlive).orElse(false), "the trial runs");
        runner.destroyForcibly(); // SIGKILL: no shutdown hook runs
        runner.waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        while (ProcessHandle.of(trial).map(ProcessHandle::isAlive).orElse(false)
                && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(2)) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(trial).map(ProcessHandle::isAlive).orElse(false),
                "the trial died with its runner within 2 s");

        Path run = pidFile.getParent().getParent();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path resumed = EstimateRunner.of(tmp, out).resume(run);
        List<TrialRecord> trials = RunFiles.readTrials(resumed);
        assertEquals(2, RunFiles.lastPerTrial(trials).values().stream().filter(TrialRecord::ok).count(),
                "resume completes both trials: " + trials);
        assertEquals(0, pidFiles(results).count(), "no trial is recorded as running after the run");
    }

    @Test
    void resumeStopsATrialProcessThatADeadRunnerLeftAndSparesAReusedPid() throws Exception {
        Path dir = tmp.resolve("run");
        Process leftover = new ProcessBuilder("sleep", "60").start();
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            TrialLaunch.recordRunning(dir, "t004", leftover.toHandle());
            // a pid file whose pid now belongs to another process (started at another instant): not the trial's
            Files.writeString(dir.resolve("logs/t005.pid"), stranger.pid() + " 2001-01-01T00:00:00Z\n");
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            TrialLaunch.stopLeftovers(dir, new PrintStream(said, true, StandardCharsets.UTF_8));
            assertTrue(leftover.waitFor(5, TimeUnit.SECONDS), "the leftover trial is stopped");
            assertTrue(stranger.isAlive(), "a process that merely reuses a recorded pid is spared");
            assertTrue(said.toString().contains("trial t004 of this run is still running (pid " + leftover.pid()),
                    said.toString());
            assertFalse(said.toString().contains("t005"), said.toString());
            assertEquals(0, pidFiles(dir).count(), "both records are gone");
        } finally {
            leftover.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    private static Stream<Path> pidFiles(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".pid")).toList().stream();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException gone) {
            return Stream.empty(); // a file the runner renamed while the walk listed it: look again
        }
    }
}
