package org.carbonlab.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carbonlab.results.Blocks;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.SlurmSubmission;
import org.carbonlab.results.TrialRecord;

/**
 * Where a run stands ({@code carbonlab status RUN_DIR}): each planned trial's state, from its last record where
 * it has one and else from Slurm's queue for the array task that runs it: pending, running, or not run.
 */
public final class RunStatus {

    /** The states, in the order they are counted. */
    static final List<String> STATES = List.of("pending", "running", "ok", "warmup", "failed", "timed-out",
            "interrupted", "not run", "not needed");

    private RunStatus() {
    }

    /** Per trial id, its state. */
    public static Map<String, String> of(Path runDir, Slurm slurm) throws IOException {
        RunManifest m = RunManifest.read(runDir);
        List<String> jobIds = m.lastSubmission().map(SlurmSubmission::jobIds).orElse(List.of());
        return of(runDir, m, jobIds.isEmpty() ? Map.of() : slurm.states(jobIds));
    }

    /** Per trial id, its state, given the run's manifest and Slurm's {@code queue} (job or task id to state). */
    static Map<String, String> of(Path runDir, RunManifest m, Map<String, String> queue) throws IOException {
        Map<String, TrialRecord> records = RunFiles.lastPerTrial(RunFiles.readTrials(runDir));
        java.util.Set<String> notNeeded = Blocks.notNeeded(m, records.values(), Blocks.readStop(runDir));
        Map<String, String> task = m.lastArrayTasks();
        Map<String, String> out = new LinkedHashMap<>();
        for (RunManifest.PlannedTrial p : m.plan()) {
            String q = task.containsKey(p.id()) ? queue.get(task.get(p.id())) : null;
            TrialRecord r = records.get(p.id());
            if ("PENDING".equals(q) || "CONFIGURING".equals(q)) {
                out.put(p.id(), "pending");
            } else if ("RUNNING".equals(q) || "COMPLETING".equals(q)) {
                out.put(p.id(), r != null && r.ok() ? "ok" : "running");
            } else if (r != null) {
                out.put(p.id(), r.status().id());
            } else {
                out.put(p.id(), notNeeded.contains(p.id()) ? "not needed" : "not run");
            }
        }
        return out;
    }

    /** The counts as one line, then one line per trial that is not ok. */
    public static String text(Path runDir, Map<String, String> states) {
        StringBuilder sb = new StringBuilder(runDir + ": " + states.size() + " planned");
        for (String s : STATES) {
            long n = states.values().stream().filter(s::equals).count();
            if (n > 0) {
                sb.append(", ").append(n).append(' ').append(s);
            }
        }
        sb.append('\n');
        states.forEach((id, s) -> {
            if (!List.of("ok", "warmup", "not needed").contains(s)) {
                sb.append("  ").append(id).append(' ').append(s).append('\n');
            }
        });
        return sb.toString();
    }
}
