package org.carbonlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.carbonlab.report.study.StudyReport;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.SlurmSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slurm's own energy beside the lab's: sacct's {@code ConsumedEnergyRaw} read per array task and shown in the
 * report, never mixed into the lab's figures. No cluster here accounts energy (that needs slurmdbd and an
 * acct_gather_energy plugin), so sacct is a stand-in script printing lines in the format
 * {@code sacct -n -P -o JobID,ConsumedEnergyRaw,State} documents (constructed, not recorded from a cluster).
 */
class SlurmFinishTest {

    /** Job lines, batch and extern steps; a cancelled task without energy; a task with 0 (no plugin data). */
    static final String SACCT = """
            41_1|0|COMPLETED
            41_1.batch|812|COMPLETED
            41_1.extern|815|COMPLETED
            41_2|790|COMPLETED
            41_3||CANCELLED by 0
            41_4|0|COMPLETED
            """;

    @Test
    void theBatchStepsEnergyCountsPerTaskAndEmptyOrZeroIsNone() {
        assertEquals(Map.of("41_1", 812.0, "41_2", 790.0), SlurmFinish.sacctEnergy(SACCT));
    }

    @Test
    void theReportShowsSlurmsEnergyBesideTheLabs(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path committed = Path.of("results/quickstart/20261128T034516Z");
        try (Stream<Path> s = Files.walk(committed)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.createDirectories(run.resolve(committed.relativize(p)).getParent());
                Files.copy(p, run.resolve(committed.relativize(p)));
            }
        }
        RunManifest m = RunManifest.read(run);
        List<String> ids = m.plan().stream().map(RunManifest.PlannedTrial::id).toList();
        m.withSubmission(new SlurmSubmission("2026-01-01T00:00:00Z", "login", "test",
                List.of(new SlurmSubmission.Array("41", ids, List.of())), "42")).write(run);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("squeue"), "exit 0");
        script(bin.resolve("sacct"), "cat <<'EOF'\n" + SACCT + "EOF");

        assertEquals(List.of(), SlurmFinish.finish(new Slurm(Optional.of(bin), Map.of()), run),
                "every trial has its record");
        assertEquals(Map.of("t001", 812.0, "t002", 790.0), RunFiles.readSlurmEnergy(run));
        String before = Files.readString(committed.resolve("summary.md"));
        StudyReport.write(run);
        String md = Files.readString(run.resolve("summary.md"));
        assertTrue(md.contains("Slurm's own energy (sacct ConsumedEnergyRaw"), md);
        assertTrue(md.contains("| t001 | "), md);
        assertTrue(md.contains(" | 812.0 |"), md);
        // the lab's own figures are untouched
        String perVariant = "## Per variant";
        assertEquals(before.substring(before.indexOf(perVariant)), md.substring(md.indexOf(perVariant)));
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }
}
