package org.carbonlab.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.experiment.run.Schedule;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.run.Runner;
import org.carbonlab.results.Blocks;
import org.carbonlab.results.NodeInfo;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.SlurmSubmission;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.util.UserException;

/**
 * What the report job does before the report ({@code carbonlab report RUN_DIR --after-slurm}): a trial of the
 * last submission whose array task ended without writing a record (cancelled while pending, its node lost) is
 * recorded as failed with Slurm's state, so {@code --resume} runs it again; and where {@code sacct} reports the
 * tasks' {@code ConsumedEnergyRaw} (clusters with {@code acct_gather_energy}), it is kept in
 * {@value RunFiles#SLURM_ENERGY}, beside the lab's figures and never mixed into them.
 */
public final class SlurmFinish {

    private SlurmFinish() {
    }

    /** Finishes {@code runDir}'s last submission; returns the trials recorded as failed here. */
    public static List<String> finish(Slurm slurm, Path runDir) throws IOException {
        RunManifest m = RunManifest.read(runDir);
        SlurmSubmission last = m.lastSubmission().orElseThrow(() -> new UserException(runDir + " was not"
                + " submitted to Slurm (its manifest has no slurm submission)"));
        Instant since = Instant.parse(last.submittedUtc());
        Map<String, TrialRecord> records = RunFiles.lastPerTrial(RunFiles.readTrials(runDir));
        List<String> arrayIds = last.arrays().stream().map(SlurmSubmission.Array::jobId).toList();
        Map<String, String> states = slurm.states(arrayIds);
        List<String> failed = new ArrayList<>();
        Map<String, String> taskOf = m.lastArrayTasks(); // trial id -> array task (J_i)
        for (SlurmSubmission.Array a : last.arrays()) {
            for (String id : a.trials()) {
                RunManifest.PlannedTrial t = m.plan().stream().filter(p -> p.id().equals(id)).findFirst()
                        .orElseThrow();
                String task = taskOf.get(id);
                TrialRecord r = records.get(id);
                if (r != null && !Instant.parse(r.startedUtc()).isBefore(since)) {
                    continue; // this submission's task wrote its record
                }
                String state = states.containsKey(task) ? "ended " + states.get(task) : "is gone from Slurm's queue"
                        + " (a pending task cancelled with scancel leaves no trace without accounting)";
                NodeInfo node = new NodeInfo(null, null, null, null, null, null, a.jobId(),
                        Integer.toString(t.trial()), null, null, null);
                TrialRecord.Ending ending = new TrialRecord.Ending(TrialStatus.FAILED, "the Slurm array task " + task
                        + " wrote no record: it " + state + "; carbonlab run --resume RUN_DIR --slurm runs it again",
                        Instant.now().toString(), 0, null);
                RunFiles.writeNodeRecord(runDir, new TrialRecord(new TrialRecord.Slot(t.trial(), id, t.variant(),
                        t.repetition(), t.seed()), ending, TrialRecord.Energies.NONE, null,
                        TrialRecord.Context.NONE.withNode(node)), id + ".unrecorded-" + task);
                failed.add(id);
            }
        }
        Optional<String> sacct = slurm.sacctEnergy(arrayIds);
        if (sacct.isPresent()) {
            Map<String, Double> joules = sacctEnergy(sacct.get());
            StringBuilder csv = new StringBuilder("trial,slurm_task,consumed_energy_j\n");
            taskOf.forEach((id, task) -> {
                Double j = joules.get(task);
                if (j != null) {
                    csv.append(id).append(',').append(task).append(',').append(j).append('\n');
                }
            });
            if (joules.values().stream().anyMatch(j -> j > 0)) {
                Files.writeString(runDir.resolve(RunFiles.SLURM_ENERGY), csv.toString());
            }
        }
        return failed;
    }

    /**
     * After a wave of an adaptive study or a tune's race (the report job's second step): stops it by its schedule,
     * writing {@link Blocks#STOP}, or submits the next wave with its own report job; says which (empty for a fixed
     * design or a run that had stopped).
     */
    public static Optional<String> nextWave(Slurm slurm, Path runDir) throws IOException {
        Plan plan = Runner.planOf(runDir);
        Schedule schedule = Schedule.of(plan, System.out);
        if (!schedule.inWaves() || Blocks.readStop(runDir).isPresent()) {
            return Optional.empty();
        }
        List<TrialRecord> records = RunFiles.lastRecords(runDir);
        int reached = Blocks.reached(records);
        Optional<Blocks.Stop> stop = schedule.afterWave(records); // at max it stops
        if (stop.isPresent()) {
            Blocks.writeStop(runDir, stop.get());
            return Optional.of("stopped after " + stop.get().blocks() + " blocks: " + stop.get().words());
        }
        SlurmSubmission s = SlurmSubmitter.submit(slurm, runDir, "carbonlab report --after-slurm (the next wave of"
                + (plan.spec().tune().isPresent() ? " a tune's race)" : " an adaptive study)"));
        return Optional.of("not conclusive after " + reached + " blocks: submitted the next wave, " + s.arrays()
                .stream().map(a -> "job array " + a.jobId() + " (" + a.trials().size() + " trials)").toList() + ", report job "
                + s.reportJobId());
    }

    /**
     * Per array task ({@code 12_3}), the energy {@code sacct -P -o JobID,ConsumedEnergyRaw,State} reports for it:
     * its {@code batch} step's where there is one (the task's script, which ran the trial), else the job line's.
     * Lines without a number (no energy plugin: empty or 0) are left out.
     */
    static Map<String, Double> sacctEnergy(String sacct) {
        Map<String, Double> job = new LinkedHashMap<>();
        Map<String, Double> batch = new LinkedHashMap<>();
        for (String line : sacct.lines().toList()) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 2 || !f[1].matches("\\d+(\\.\\d+)?")) {
                continue;
            }
            double j = Double.parseDouble(f[1]);
            if (j <= 0) {
                continue;
            }
            if (f[0].endsWith(".batch")) {
                batch.put(f[0].substring(0, f[0].length() - ".batch".length()), j);
            } else if (!f[0].contains(".")) {
                job.put(f[0], j);
            }
        }
        job.putAll(batch);
        return job;
    }
}
