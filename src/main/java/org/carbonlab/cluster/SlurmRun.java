package org.carbonlab.cluster;

import java.util.Optional;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.carbonlab.experiment.run.Runner;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.SlurmSubmission;

/** {@code carbonlab run SPEC --slurm}: prepare, submit, and (with {@code --wait}) follow the jobs to their end. */
public final class SlurmRun {

    /** Slurm's states of a job that is still to end. */
    private static final Set<String> LIVE = Set.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED",
            "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT");

    /**
     * A submitted run.
     *
     * @param dir        the run directory
     * @param submission what was submitted
     */
    public record Submitted(Path dir, SlurmSubmission submission) {
    }

    private SlurmRun() {
    }

    /**
     * Prepares a new run of {@code specFile} and submits it; nothing is written when Slurm cannot be reached, and
     * a submission that fails removes the run directory it prepared.
     */
    public static Submitted start(Runner runner, Slurm slurm, Path specFile, Path resultsRoot, String command)
            throws IOException {
        slurm.requireReachable();
        Path dir = runner.prepareForCluster(specFile, resultsRoot);
        try {
            return new Submitted(dir, SlurmSubmitter.submit(slurm, dir, command));
        } catch (RuntimeException | IOException e) {
            delete(dir);
            throw e;
        }
    }

    /** Submits what {@code runDir} has not finished ({@code run --resume RUN_DIR --slurm}). */
    public static Submitted resume(Slurm slurm, Path runDir, String command) throws IOException {
        return new Submitted(runDir, SlurmSubmitter.submit(slurm, runDir, command));
    }

    /**
     * Waits until every job of {@code s} has ended, printing changes of the counts to {@code out}; an interrupt
     * (Ctrl-C) cancels the jobs with {@code scancel} and says so.
     */
    public static void await(Slurm slurm, Submitted s, PrintStream out) throws IOException {
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>(s.submission().jobIds());
        RunManifest manifest = RunManifest.read(s.dir());
        Thread cancel = new Thread(() -> {
            slurm.scancel(ids);
            out.println("interrupted: cancelled the jobs " + String.join(", ", ids) + " (scancel); carbonlab run"
                    + " --resume " + s.dir() + " --slurm submits what is left");
        }, "carbonlab-scancel");
        Runtime.getRuntime().addShutdownHook(cancel);
        try {
            String last = "";
            while (true) {
                Map<String, String> states = slurm.states(ids); // one look at the queue per second
                if (states.values().stream().noneMatch(LIVE::contains)) {
                    // an adaptive study's report job may have submitted the next wave: follow it
                    manifest = RunManifest.read(s.dir());
                    Optional<SlurmSubmission> next = manifest.lastSubmission().filter(x -> !ids.contains(
                            x.reportJobId()));
                    if (next.isEmpty()) {
                        break;
                    }
                    ids.clear();
                    ids.addAll(next.get().jobIds());
                    continue;
                }
                String now = RunStatus.text(s.dir(), RunStatus.of(s.dir(), manifest, states)).lines().findFirst()
                        .orElse("");
                if (!now.equals(last)) {
                    out.println(now);
                    last = now;
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancel);
            } catch (IllegalStateException shuttingDown) {
                // the hook is cancelling
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Path study = dir.getParent();
        try (Stream<Path> s = Files.list(study)) {
            if (s.findAny().isEmpty()) {
                Files.delete(study);
            }
        }
    }
}
