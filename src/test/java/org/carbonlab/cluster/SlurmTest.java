package org.carbonlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.experiment.run.Runner;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.report.study.StudyReport;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.util.UserException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Studies through a real Slurm cluster: the one-node cluster of {@code scripts/slurm-local start}. CI starts it
 * and sets {@code CARBONLAB_SLURM_TESTS=1}, so there these tests fail when it is down; elsewhere they run when a
 * cluster answers and are skipped (saying how to start one) when none does.
 */
@org.junit.jupiter.api.Tag("cluster")
class SlurmTest {

    private static final Slurm SLURM = Slurm.fromEnvironment();

    @TempDir
    Path tmp;

    @BeforeAll
    static void clusterIsUp() {
        boolean required = "1".equals(System.getenv("CARBONLAB_SLURM_TESTS"));
        try {
            SLURM.requireReachable();
        } catch (UserException e) {
            if (required) {
                throw new AssertionError("CARBONLAB_SLURM_TESTS=1 but Slurm does not answer: " + e.getMessage()
                        + " (start it with scripts/slurm-local start)", e);
            }
            assumeTrue(false, "no Slurm cluster answers (" + e.getMessage() + "); scripts/slurm-local start runs one");
        }
    }

    private Path spec(int epochsVariants, int repetitions, int maxParallel) throws IOException {
        String epochs = epochsVariants == 2 ? "[1, 2]" : "[1]";
        Path f = tmp.resolve("slurm-test.yaml");
        Files.writeString(f, "name: slurm-test\nworkload:\n  engine: command\n"
                + "  command: [scripts/kit-check/fake-train.sh, \"{epochs}\", \"{seed}\"]\n"
                + "variants:\n  epochs: " + epochs + "\nrepetitions: " + repetitions + "\ntrial-timeout: 60s\n"
                + "power: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n"
                + "slurm: {max-parallel: " + maxParallel + "}\n");
        return f;
    }

    private Runner runner() {
        IntensityTable table = IntensityTable.load();
        PowerSources.Options o = PowerSources.Options.of(tmp.resolve("no-powercap"), 12, 0.3725, false);
        return new Runner(new Runner.Options(o, table, new IntensityResolver(table, Optional.empty()),
                quiet(), false, List.of(), p -> { }, Optional.empty(), Optional.empty()));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void anAdaptiveStudyRunsInWavesEachDecidedByTheReportJobBeforeIt() throws Exception {
        Path f = spec(2, 3, 0);
        // +-0.1 % on wall time cannot be reached: the first wave (blocks 1-2) is followed by one more (block 3 = max)
        Files.writeString(f, Files.readString(f).replace("repetitions: 3\n", "repetitions: {min: 2, max: 3, until:"
                + " {metric: wall-time, half-width: 0.1%}}\n"));
        SlurmRun.Submitted s = SlurmRun.start(runner(), SLURM, f, tmp.resolve("results"), "test");
        assertEquals(4, s.submission().arrays().get(0).trials().size(), "the first wave: blocks 1 and 2");
        SlurmRun.await(SLURM, s, quiet()); // follows the wave the report job submitted
        Path dir = s.dir();
        assertEquals(2, RunManifest.read(dir).slurm().size(), "two waves, each with its report job");
        org.carbonlab.results.Blocks.Stop stop = org.carbonlab.results.Blocks.readStop(dir).orElseThrow();
        assertEquals(3, stop.blocks());
        assertEquals(org.carbonlab.stats.StoppingRule.Reason.MAX, stop.reason());
        assertEquals(6, RunFiles.lastPerTrial(RunFiles.readTrials(dir)).size());
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("- stopped after 3 blocks: reached the most"
                + " blocks (3)"));
        UserException e = assertThrows(UserException.class, () -> SlurmSubmitter.submit(SLURM, dir, "again"));
        assertTrue(e.getMessage().endsWith("has stopped by its rule (stop.json): nothing to submit"), e.getMessage());
    }

    @Test
    void aTunesRaceRunsItsFirstBlocksThenOneBlockOfTheSurvivorsPerWave() throws Exception {
        Path f = spec(2, 3, 0);
        Files.writeString(f, Files.readString(f).replace("name: slurm-test", "name: slurm-tune")
                .replace("repetitions: 3\n", "tune: {objective: wall-time, blocks: {first: 2, max: 3}}\n"));
        SlurmRun.Submitted s = SlurmRun.start(runner(), SLURM, f, tmp.resolve("results"), "test");
        assertEquals(4, s.submission().arrays().get(0).trials().size(), "the first wave: blocks 1 and 2 of both");
        SlurmRun.await(SLURM, s, quiet());
        Path dir = s.dir();
        org.carbonlab.results.Blocks.Stop stop = org.carbonlab.results.Blocks.readStop(dir).orElseThrow();
        assertTrue(stop.race(), stop.toString());
        // epochs=2 burns twice the CPU: it leaves after block 2 (one left: decided), or both reach block 3 (max)
        int trials = RunFiles.lastPerTrial(RunFiles.readTrials(dir)).size();
        assertEquals(stop.blocks() == 2 ? 4 : 6, trials, stop.toString());
        assertTrue(Files.readString(dir.resolve("tune.md")).contains("## The answer"));
    }

    @Test
    void aFourTrialStudyRunsAsAThrottledArrayAndItsReportRegenerates() throws Exception {
        SlurmRun.Submitted s = SlurmRun.start(runner(), SLURM, spec(2, 2, 2), tmp.resolve("results"), "test");
        SlurmRun.await(SLURM, s, quiet());
        Path dir = s.dir();

        List<TrialRecord> records = RunFiles.readTrials(dir);
        assertEquals(List.of("t001", "t002", "t003", "t004"), records.stream().map(TrialRecord::id).sorted().toList(),
                "every trial recorded once");
        String arrayJob = s.submission().arrays().get(0).jobId();
        for (TrialRecord r : records) {
            assertTrue(r.ok(), r.toString());
            assertEquals(arrayJob, r.node().arrayJobId());
            assertEquals(Integer.toString(r.trial()), r.node().arrayTask(), "the task id is the trial's index");
            assertFalse(r.node().host().isBlank());
            assertEquals(org.carbonlab.hardware.CpuIdentity.ofThisMachine().describe(), r.node().identified(),
                    "the node identifies its CPU (the one-node cluster is this machine)");
            assertTrue(r.node().hardware().contains(r.node().identified()), r.node().hardware());
            assertEquals(Boolean.FALSE, r.node().exclusive(), "the estimate meters a process tree: shared is fine");
        }
        assertTrue(maxOverlap(records) <= 2, "max-parallel 2 holds: " + maxOverlap(records));
        assertTrue(s.submission().arrays().get(0).sbatch().contains("--array=1,2,3,4%2"),
                s.submission().arrays().get(0).sbatch().toString());
        RunManifest m = RunManifest.read(dir);
        assertEquals(List.of(arrayJob, s.submission().reportJobId()), m.slurm().get(0).jobIds());

        // the report job wrote the report; regenerating it from the raw files gives the same bytes
        Path md = dir.resolve("summary.md");
        assertTrue(Files.isRegularFile(md), "the dependent job wrote the report");
        String written = Files.readString(md);
        assertTrue(written.contains("4 planned, 4 ok"), written);
        assertTrue(written.contains("## Where the trials ran"), written);
        assertTrue(written.contains("Submitted to Slurm: job arrays [" + arrayJob + "]"), written);
        Files.delete(md);
        StudyReport.write(dir);
        assertEquals(written, Files.readString(md));
        assertEquals("ok", RunStatus.of(dir, SLURM).get("t003"));
    }

    @Test
    void aCancelledTaskIsRecordedAsFailedAndResumeRunsItAgain() throws Exception {
        SlurmRun.Submitted s = SlurmRun.start(runner(), SLURM, spec(1, 2, 1), tmp.resolve("results"), "test");
        String job = s.submission().arrays().get(0).jobId();
        SLURM.scancel(List.of(job + "_2")); // pending behind task 1 (max-parallel 1)
        SlurmRun.await(SLURM, s, quiet());
        Map<String, TrialRecord> last = RunFiles.lastPerTrial(RunFiles.readTrials(s.dir()));
        assertTrue(last.get("t001").ok(), last.toString());
        assertEquals(org.carbonlab.results.TrialStatus.FAILED, last.get("t002").status());
        assertTrue(last.get("t002").reason().startsWith("the Slurm array task " + job + "_2 wrote no record"),
                last.get("t002").reason());
        assertEquals("failed", RunStatus.of(s.dir(), SLURM).get("t002"));

        SlurmRun.Submitted again = SlurmRun.resume(SLURM, s.dir(), "test --resume");
        assertEquals(List.of("t002"), again.submission().arrays().get(0).trials(), "only what has no ok record");
        SlurmRun.await(SLURM, again, quiet());
        Map<String, TrialRecord> after = RunFiles.lastPerTrial(RunFiles.readTrials(s.dir()));
        assertTrue(after.values().stream().allMatch(TrialRecord::ok), after.toString());
        assertEquals(2, RunManifest.read(s.dir()).slurm().size(), "both submissions in the manifest");
        assertTrue(Files.readString(s.dir().resolve("summary.md")).contains("2 planned, 2 ok"));
    }

    @Test
    void aTaskCancelledWhileRunningStillRecordsItsTrial() throws Exception {
        Path f = tmp.resolve("slow.yaml");
        Files.writeString(f, "name: slurm-slow\nworkload:\n  engine: command\n  command: [sleep, '60']\n"
                + "repetitions: 1\npower: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n");
        SlurmRun.Submitted s = SlurmRun.start(runner(), SLURM, f, tmp.resolve("results"), "test");
        String task = s.submission().arrays().get(0).jobId() + "_1";
        Path log = s.dir().resolve("logs").resolve("t001.log");
        for (int i = 0; i < 300 && !Files.exists(log); i++) {
            Thread.sleep(100); // the trial's command has started once its log exists
        }
        Thread.sleep(1000);
        SLURM.scancel(List.of(task));
        SlurmRun.await(SLURM, s, quiet());
        TrialRecord r = RunFiles.lastPerTrial(RunFiles.readTrials(s.dir())).get("t001");
        // Slurm signals the trial's processes and its JVM at once: whichever hears it first names the end, the
        // record is written either way (before this fix the JVM halted before writing it) and is not ok
        assertTrue(r.status() == org.carbonlab.results.TrialStatus.INTERRUPTED && r.reason().contains("the scheduler's cancel")
                || r.status() == org.carbonlab.results.TrialStatus.FAILED && r.reason().contains("killed by signal 15"), r.toString());
        assertEquals(s.submission().arrays().get(0).jobId(), r.node().arrayJobId());
    }

    @Test
    void nothingIsSubmittedWithoutSbatchOrController() throws Exception {
        Path results = tmp.resolve("results");
        UserException missing = assertThrows(UserException.class, () -> SlurmRun.start(runner(),
                new Slurm(Optional.of(tmp.resolve("no-bin")), Map.of()), spec(1, 1, 0), results, "test"));
        assertTrue(missing.getMessage().startsWith("sbatch is not in "), missing.getMessage());

        Path conf = tmp.resolve("down.conf");
        Files.writeString(conf, "ClusterName=down\nSlurmctldHost=localhost(127.0.0.1)\nSlurmctldPort=1\n"
                + "AuthType=auth/munge\nNodeName=localhost CPUs=1 State=UNKNOWN\nPartitionName=p Nodes=ALL\n");
        UserException down = assertThrows(UserException.class, () -> SlurmRun.start(runner(),
                new Slurm(Optional.empty(), Map.of("SLURM_CONF", conf.toString())), spec(1, 1, 0), results, "t"));
        assertTrue(down.getMessage().startsWith("the Slurm controller does not answer"), down.getMessage());
        assertTrue(down.getMessage().endsWith("nothing was submitted"), down.getMessage());
        assertFalse(Files.exists(results), "nothing written");
    }

    @Test
    void aRunDirectoryTheTasksCannotWriteIsRefusedBeforeSubmitting() throws Exception {
        Path dir = runner().prepareForCluster(spec(1, 1, 0), tmp.resolve("results"));
        Process ro = new ProcessBuilder("sh", "-c", "mount --bind '" + dir + "' '" + dir + "' && mount -o"
                + " remount,ro,bind '" + dir + "' '" + dir + "'").inheritIO().start();
        assumeTrue(ro.waitFor() == 0, "a read-only bind mount needs root");
        try {
            UserException e = assertThrows(UserException.class, () -> SlurmSubmitter.submit(SLURM, dir, "test"));
            assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
            assertTrue(e.getMessage().endsWith("nothing was submitted"), e.getMessage());
        } finally {
            new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
        }
        assertEquals(null, RunManifest.read(dir).slurm(), "no submission recorded");
    }

    /** The most trials whose windows overlapped at one moment. */
    private static int maxOverlap(List<TrialRecord> records) {
        List<long[]> spans = new ArrayList<>();
        for (TrialRecord r : records) {
            long start = Instant.parse(r.startedUtc()).toEpochMilli();
            spans.add(new long[] {start, start + (long) (r.wallSeconds() * 1000)});
        }
        int most = 0;
        for (long[] a : spans) {
            most = Math.max(most, (int) spans.stream().filter(b -> b[0] <= a[0] && a[0] < b[1]).count());
        }
        return most;
    }
}
