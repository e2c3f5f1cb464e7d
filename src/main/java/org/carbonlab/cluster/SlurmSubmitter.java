package org.carbonlab.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.run.Runner;
import org.carbonlab.experiment.spec.SlurmSettings;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.SlurmSubmission;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.Blocks;
import org.carbonlab.experiment.run.Schedule;
import org.carbonlab.util.UserException;

/**
 * Hands a prepared run's trials to Slurm: one job array per placement (the spec's {@code slurm} section with each
 * variant's {@code slurm.*} values), whose task ids are the trials' indices, each task running
 * {@code carbonlab trial RUN_DIR INDEX} on its node; then a job that depends on them all
 * ({@code --dependency=afterany}) and writes the report. The submission (arguments and job ids) goes into the
 * manifest. Only trials without an {@code ok} record are submitted, so a resumed run submits what is left.
 */
public final class SlurmSubmitter {

    /** The folder of a run directory that holds the job scripts and Slurm's output files. */
    public static final String DIR = "slurm";

    private SlurmSubmitter() {
    }

    /**
     * Submits the trials of {@code runDir} that have no {@code ok} record; {@code command} is the carbonlab command
     * line that asked (for the manifest). Returns the submission; nothing is submitted when Slurm cannot be reached
     * or the run directory cannot be written.
     */
    public static SlurmSubmission submit(Slurm slurm, Path runDir, String command) throws IOException {
        slurm.requireReachable();
        requireWritable(runDir);
        Path dir = Files.createDirectories(runDir.resolve(DIR));
        Plan plan = Runner.planOf(runDir);
        ExperimentSpec spec = plan.spec();
        List<Plan.Trial> todo = nextWave(runDir, plan);
        boolean wholeSocket = spec.sources().stream().anyMatch(s -> s.equals("rapl") || s.equals("auto"));
        SlurmSettings base = spec.slurm().orElse(SlurmSettings.DEFAULTS);
        Map<List<String>, List<Plan.Trial>> byPlacement = new LinkedHashMap<>();
        for (Plan.Trial t : todo) {
            byPlacement.computeIfAbsent(base.forVariant(t.variant().values()).placementArgs(wholeSocket),
                    k -> new ArrayList<>()).add(t);
        }
        Path javaBin = org.carbonlab.process.JavaLaunch.java();
        String classPath = org.carbonlab.process.JavaLaunch.classPath(true);
        Path abs = runDir.toAbsolutePath();
        Path cwd = Path.of("").toAbsolutePath(); // tasks resolve the spec's relative paths as a local run would
        Path trialScript = script(dir.resolve("trial.sh"), javaBin, classPath, "trial", abs, "\"$SLURM_ARRAY_TASK_ID\"");
        Path reportScript = script(dir.resolve("report.sh"), javaBin, classPath, "report", abs, "--after-slurm");
        String name = "carbonlab-" + spec.name();
        List<SlurmSubmission.Array> arrays = new ArrayList<>();
        List<String> submitted = new ArrayList<>();
        try {
            for (Map.Entry<List<String>, List<Plan.Trial>> g : byPlacement.entrySet()) {
                List<String> args = new ArrayList<>(g.getKey());
                boolean exclusive = args.contains("--exclusive");
                args.addAll(List.of("--job-name=" + name, "--chdir=" + cwd, "--output=" + abs.resolve(DIR)
                        .resolve("%A_%a.out"), "--export=ALL,CARBONLAB_SLURM_EXCLUSIVE=" + exclusive,
                        "--array=" + g.getValue().stream().map(t -> Integer.toString(t.index()))
                                .collect(Collectors.joining(",")) + (base.maxParallel() > 0 ? "%"
                                + base.maxParallel() : "")));
                String id = slurm.sbatch(append(args, trialScript.toString()));
                submitted.add(id);
                arrays.add(new SlurmSubmission.Array(id, g.getValue().stream().map(Plan.Trial::id).toList(),
                        List.copyOf(args)));
            }
            List<String> reportArgs = new ArrayList<>();
            base.placement("partition").ifPresent(p -> reportArgs.add("--partition=" + p));
            base.placement("account").ifPresent(p -> reportArgs.add("--account=" + p));
            reportArgs.addAll(List.of("--job-name=" + name + "-report", "--chdir=" + cwd,
                    "--output=" + abs.resolve(DIR).resolve("report-%j.out"),
                    "--dependency=afterany:" + String.join(":", submitted), reportScript.toString()));
            String reportId = slurm.sbatch(reportArgs);
            SlurmSubmission s = new SlurmSubmission(Instant.now().toString(), host(), command, List.copyOf(arrays),
                    reportId);
            RunManifest.read(runDir).withSubmission(s).write(runDir);
            return s;
        } catch (RuntimeException | IOException e) {
            slurm.scancel(submitted); // none half-submitted
            throw e;
        }
    }

    /** The trials to submit now: the unfinished ones, a wave at a time where the schedule goes in waves. */
    private static List<Plan.Trial> nextWave(Path runDir, Plan plan) throws IOException {
        Map<String, TrialRecord> done = RunFiles.lastPerTrial(RunFiles.readTrials(runDir));
        if (Blocks.readStop(runDir).isPresent()) {
            throw new UserException(runDir + " has stopped by its rule (" + Blocks.STOP + "): nothing to submit");
        }
        List<Plan.Trial> todo = Schedule.of(plan, System.out).nextWave(plan.unfinished(done),
                List.copyOf(done.values()));
        if (todo.isEmpty()) {
            throw new UserException(runDir + " has an ok record for every trial: nothing to submit");
        }
        return todo;
    }

    private static List<String> append(List<String> args, String last) {
        List<String> a = new ArrayList<>(args);
        a.add(last);
        return a;
    }

    /**
     * A job script that runs {@code carbonlab <command> RUN_DIR <arg>} with this JVM, its class path and the options
     * it was started with, so a node's JVM starts as the launcher's does.
     */
    private static Path script(Path file, Path javaBin, String classPath, String command, Path runDir, String arg)
            throws IOException {
        Files.writeString(file, jobScript(javaBin, java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments(), classPath, command, runDir, arg));
        file.toFile().setExecutable(true);
        return file;
    }

    /**
     * The text of a job script: {@code java} with the {@code -XX:} flags and {@code -D} properties among
     * {@code jvmOptions} (./carbonlab's start-up options and class-data archive), DJL offline, {@code classPath},
     * and {@code carbonlab <command> RUN_DIR <arg>}.
     */
    static String jobScript(Path java, List<String> jvmOptions, String classPath, String command, Path runDir,
                            String arg) {
        StringBuilder options = new StringBuilder();
        for (String o : org.carbonlab.process.JavaLaunch.offline(jvmOptions.stream().filter(o -> o.startsWith("-XX:")
                || o.startsWith("-D")).toList())) {
            options.append(quote(o)).append(' ');
        }
        return "#!/bin/sh\n# written by carbonlab run --slurm\nexec " + quote(java.toString()) + " " + options
                + "-cp " + quote(classPath) + " org.carbonlab.cli.Main " + command + " " + quote(runDir.toString())
                + " " + arg + "\n";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Refuses a run directory this user cannot write: the tasks, running as this user, could not record trials. */
    static void requireWritable(Path dir) {
        Path probe = dir.resolve(".write-probe");
        try {
            Files.writeString(probe, "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserException(dir + " cannot be written (" + e.getMessage() + "): the trials could not"
                    + " record their results there; nothing was submitted");
        }
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
