package org.carbonlab.experiment.run;

import org.carbonlab.results.RunManifest;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.Blocks;
import org.carbonlab.hardware.MachineActivity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.power.Metering;
import org.carbonlab.power.IdleBaseline;
import org.carbonlab.power.PowerException;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.util.UserException;
import org.carbonlab.experiment.spec.Design;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.spec.TrialSettings;

/**
 * Runs a study: one trial at a time in the planned order, each in a fresh child JVM ({@link TrialMain}) while this
 * JVM samples power and marks its meter at the child's epoch marks. Every trial that ends (ok, failed or
 * interrupted) is appended to {@code trials.jsonl} and synced at once, so a {@code kill -9} of the whole run
 * loses no finished trial and {@link #resume} runs what is left. A run directory is never overwritten. The
 * summaries are the report stage's ({@code StudyReport}), written from these raw files afterwards.
 */
public final class Runner {

    /** The copy of the spec inside a run directory. */
    public static final String SPEC_COPY = "spec.yaml";
    /** How long a preflight command may take (an interpreter importing a large library on a cold disk). */
    static final Duration PREFLIGHT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * How to run.
     *
     * @param sourceOptions where power sources look
     * @param table         the carbon-intensity table
     * @param resolver      resolves the spec's region or intensity
     * @param progress      where progress goes
     * @param terminal      whether progress is a terminal (a live status line) or a log (plain lines)
     * @param childJvmArgs  extra JVM options for each trial's child (e.g. {@code -Xmx2g})
     * @param onChildStart  called with each child process as it starts (tests use it to kill one)
     * @param startAt       a start time chosen for low carbon intensity ({@code carbonlab schedule}): the run
     *                      waits for it and its manifest marks it carbon-aware
     * @param roofline      this machine's measured roofline, copied into the manifest so reports give MFU
     */
    public record Options(PowerSources.Options sourceOptions, IntensityTable table, IntensityResolver resolver,
                          PrintStream progress, boolean terminal, List<String> childJvmArgs,
                          Consumer<ProcessHandle> onChildStart, Optional<Instant> startAt,
                          Optional<Roofline> roofline) {
    }

    private final Options options;
    /** The running trial's process, for a shutdown to stop it. */
    private final AtomicReference<Process> current = new AtomicReference<>();
    private volatile boolean interrupted;
    private volatile CountDownLatch loopEnded = new CountDownLatch(0);

    /** A runner with {@code options}. */
    public Runner(Options options) {
        this.options = options;
    }

    /** The sources' options with the spec's estimate model where it names one ({@code power.estimate}). */
    private PowerSources.Options sourceOptions(ExperimentSpec spec) {
        PowerSources.Options o = options.sourceOptions();
        return new PowerSources.Options(o.powercapRoot(), o.nvml(), o.estimate().withModel(spec.estimate()), o.tree(),
                o.hostPaths());
    }

    /** The provenance this runner's estimate gives {@code spec}'s figures ({@code power.estimate} or the options'). */
    public String estimateProvenance(ExperimentSpec spec) {
        return EstimateSource.provenance(sourceOptions(spec).estimate()).label();
    }

    /** How the sources of {@code sel} price CPU time and band their figures, under {@code spec}'s model. */
    private TrialRecords.Pricing pricing(ExperimentSpec spec, PowerSources.Selection sel) {
        EstimateSource.Config c = sourceOptions(spec).estimate();
        return new TrialRecords.Pricing(EstimateSource.wattsPerCore(c, org.carbonlab.hardware.CpuCatalog.load()),
                EstimateSource.provenance(c), sel.bands());
    }

    /** Starts a new run of the spec in {@code specFile} under {@code resultsRoot/<study>/<run-id>/}. */
    public Path run(Path specFile, Path resultsRoot) throws IOException {
        Plan plan = Plan.of(ExperimentSpec.parse(specFile));
        requireRunnable(plan);
        preflight(plan); // a command that cannot run here (no torch, no GPU): stop now
        Path dir = create(specFile, resultsRoot, plan);
        Design d = plan.spec().design();
        options.progress().println("study " + plan.spec().name() + ": " + (d.adaptive() ? "up to " : "")
                + plan.trials().size() + " trials" + (d.adaptive() ? " (" + d.rule().earliest() + " to " + d.maxBlocks()
                + " blocks, as many as a 2-block pilot asks for)" : "") + " into " + dir
                + "; workload " + plan.spec().workload().seenByEngine() + " (what the "
                + plan.spec().workload().engine().id() + " engine sees, every default written out)");
        if (options.startAt().isPresent()) {
            Instant at = options.startAt().get();
            long ms = java.time.Duration.between(Instant.now(), at).toMillis();
            if (ms > 0) {
                options.progress().println("waiting until " + at + " (" + org.carbonlab.util.Durations.words(ms / 1000.0)
                        + ") to start, as scheduled");
                sleep(Duration.ofMillis(ms));
            }
        }
        return execute(dir, plan, specFile.toString(), true);
    }

    /**
     * Refuses, before anything runs (and before a dry run predicts anything), what a run of {@code plan} on this
     * machine would refuse: a power source that cannot read, an engine this build or machine lacks (ND4J's jars, a
     * GPU), more training examples than a DJL or ND4J workload's data holds.
     */
    public void requireRunnable(Plan plan) throws IOException {
        PowerSources.open(plan.spec().sources(), sourceOptions(plan.spec())).close();
        plan.variantList().stream().map(v -> Map.entry(v.settings().engine(), v.settings().request())).distinct()
                .forEach(e -> {
                    e.getKey().requireBuild(e.getValue());
                    e.getKey().requireMachine(e.getValue());
                });
        plan.variantList().stream().map(Plan.Variant::settings)
                .filter(x -> x.engine() instanceof org.carbonlab.engine.JvmEngine && x.trainExamples() > 0)
                .collect(java.util.stream.Collectors.toMap(TrialSettings::data, x -> x, // the largest per data set
                        (x, y) -> x.trainExamples() >= y.trainExamples() ? x : y))
                .values().forEach(TrialSettings::loadData);
    }

    /**
     * Prepares a run whose trials a cluster runs ({@code carbonlab run --slurm}): the run directory, the spec and a
     * manifest as for a local run, but no idle baseline and no power sources of this machine (each trial meters
     * with its node's and records them), and no preflight here (a node that cannot run a trial records why).
     */
    public Path prepareForCluster(Path specFile, Path resultsRoot) throws IOException {
        Plan plan = Plan.of(ExperimentSpec.parse(specFile));
        Path dir = create(specFile, resultsRoot, plan);
        manifest(dir, plan, specFile.toString(), List.of(), Optional.empty());
        return dir;
    }

    /** A new run directory for {@code plan}, with the spec's copy; refused if this build lacks what an engine needs. */
    private static Path create(Path specFile, Path resultsRoot, Plan plan) throws IOException {
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        plan.variantList().forEach(v -> v.settings().engine().requireBuild(v.settings().request()));
        // never two runs in one folder, even when started in the same second: a taken id gets -2, -3, ...
        Path dir = org.carbonlab.util.OutputDirs.createUnique(resultsRoot.resolve(plan.spec().name()), runId);
        Files.createDirectories(dir.resolve("power"));
        Files.createDirectories(dir.resolve("logs"));
        Files.copy(specFile, dir.resolve(SPEC_COPY));
        return dir;
    }

    private void manifest(Path dir, Plan plan, String specFile, List<org.carbonlab.power.SourceStatus> statuses,
                          Optional<IdleBaseline> idle) throws IOException {
        ExperimentSpec spec = plan.spec();
        IntensityResolver.Resolved ci = options.resolver().resolve(
                Double.isNaN(spec.intensity()) ? Optional.empty() : Optional.of(spec.intensity()), spec.region());
        Manifest.build(dir.getFileName().toString(), specFile, plan, statuses, idle, ci.intensity(), ci.notes(),
                options.table().version(), options.startAt(), options.roofline(),
                TrialLaunch.jvmOptions(options.childJvmArgs())).write(dir);
    }

    /** Runs each variant's preflight command once (the first repetition's seed); the first refusal stops the run. */
    private static void preflight(Plan plan) {
        java.nio.file.Path cwd = plan.spec().workload().command().cwd();
        plan.variantList().stream().map(v -> v.settings().preflightLine(plan.spec().seed())).filter(l -> !l.isEmpty())
                .distinct().forEach(l -> TrialProcess.preflight(l, cwd, PREFLIGHT_TIMEOUT));
    }

    /** Finishes the trials of {@code runDir} that have no {@code ok} line yet. */
    public Path resume(Path runDir) throws IOException {
        if (!Files.isRegularFile(runDir.resolve(RunManifest.FILE)) || !Files.isRegularFile(runDir.resolve(SPEC_COPY))) {
            throw new UserException(runDir + " is not a run directory (no " + RunManifest.FILE + " and "
                    + SPEC_COPY + ")");
        }
        TrialLaunch.stopLeftovers(runDir, options.progress());
        return execute(runDir, planOf(runDir), RunManifest.read(runDir).specFile(), false);
    }

    private Path execute(Path dir, Plan plan, String specFile, boolean fresh) throws IOException {
        ExperimentSpec spec = plan.spec();
        Map<String, TrialRecord> done = RunFiles.lastPerTrial(RunFiles.readTrials(dir));
        List<Plan.Trial> todo = Blocks.readStop(dir).isPresent() ? List.of() : plan.unfinished(done); // stopped: done
        return interruptible(spec, sel -> {
            if (fresh) {
                manifest(dir, plan, specFile, sel.statuses(), spec.idleBaseline().isZero() ? Optional.empty()
                        : Optional.of(idle(sel, spec)));
            }
            Progress progress = new Progress(options.progress(), options.terminal(), plan.trials().size(),
                    plan.trials().size() - todo.size());
            Schedule schedule = Schedule.of(plan, options.progress());
            for (int i = 0; i < todo.size() && !interrupted; i++) {
                Plan.Trial t = todo.get(i);
                Optional<Blocks.Stop> stop = schedule.before(t, dir);
                if (stop.isPresent()) {
                    stopped(dir, stop.get(), todo.size() - i);
                    break;
                }
                if (!schedule.runs(t)) {
                    continue; // e.g. its candidate left a tune's race
                }
                if (i > 0 && !spec.cooldown().isZero()) {
                    sleep(spec.cooldown());
                }
                progress.start(t);
                TrialRecord r = gatedTrial(dir, plan, t, sel);
                RunFiles.append(dir.resolve(RunFiles.TRIALS), r);
                progress.end(t, r, todo.subList(i + 1, todo.size()));
            }
            if (!interrupted && Blocks.readStop(dir).isEmpty()) { // not stopped early: every planned block ran
                schedule.atEnd(dir).ifPresent(s -> stopped(dir, s, 0));
            }
            return dir;
        });
    }

    /** The plan of the prepared run {@code runDir}, from its copy of the spec. */
    public static Plan planOf(Path runDir) {
        return Plan.of(ExperimentSpec.parse(runDir.resolve(SPEC_COPY)));
    }

    /** What runs trials with the sources open: a SIGINT/SIGTERM stops the trial and lets its record be written. */
    @FunctionalInterface
    private interface Trials<T> {
        T run(PowerSources.Selection sel) throws IOException;
    }

    /**
     * Runs {@code body} with {@code spec}'s sources open, under a shutdown hook that stops the current trial's
     * process and waits (up to 10 s) until {@code body} has recorded it.
     */
    private <T> T interruptible(ExperimentSpec spec, Trials<T> body) throws IOException {
        loopEnded = new CountDownLatch(1);
        Thread hook = new Thread(this::interrupt, "carbonlab-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (PowerSources.Selection sel = PowerSources.open(spec.sources(), sourceOptions(spec))) {
            return body.run(sel);
        } finally {
            loopEnded.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it only stops the child, the record is written above
            }
        }
    }

    /**
     * Runs trial {@code index} of the prepared run {@code runDir} on this machine (a cluster's array task) and hands
     * its record to {@code write} before returning; a SIGTERM (Slurm's cancel or time limit) stops the trial, which
     * is recorded as interrupted.
     */
    public void runOne(Path runDir, int index, IoConsumer<TrialRecord> write) throws IOException {
        Plan plan = planOf(runDir);
        Plan.Trial t = plan.trials().stream().filter(x -> x.index() == index).findFirst()
                .orElseThrow(() -> new UserException("trial index " + index + " is not in the plan of "
                        + runDir + " (1.." + plan.trials().size() + ")"));
        interruptible(plan.spec(), sel -> {
            write.accept(runTrial(runDir, plan, t, sel, pricing(plan.spec(), sel)));
            return null;
        });
    }

    /** A consumer that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        /** Takes {@code t}. */
        void accept(T t) throws IOException;
    }

    private static IdleBaseline idle(PowerSources.Selection sel, ExperimentSpec spec) {
        try (Metering metering = Metering.start(sel.sources(), sel.statuses(), spec.interval(), Optional.empty())) {
            return IdleBaseline.measure(metering.meter(), spec.idleBaseline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerException("interrupted while measuring the idle baseline", e);
        }
    }

    /** Records why an adaptive study stopped, and says it. */
    private void stopped(Path dir, Blocks.Stop stop, int notNeeded) {
        try {
            Blocks.writeStop(dir, stop);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        options.progress().println("stopped after " + stop.blocks() + " blocks: " + stop.words()
                + (notNeeded > 0 ? "; " + notNeeded + " planned trials not needed" : ""));
    }

    /**
     * A trial after the quiet-machine gate (when the spec asks for one), with what else the machine did meanwhile
     * ({@link org.carbonlab.results.Disturbance}).
     */
    private TrialRecord gatedTrial(Path dir, Plan plan, Plan.Trial t, PowerSources.Selection sel) throws IOException {
        QuietGate.Waited w = null;
        java.time.Duration maxWait = plan.spec().design().quietMaxWait();
        if (!maxWait.isZero()) {
            try {
                w = new QuietGate(MachineActivity::read, java.time.Duration.ofSeconds(1)).await(maxWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TrialRecords.Pricing pricing = pricing(plan.spec(), sel);
        MachineActivity before = MachineActivity.read();
        TrialRecord r = runTrial(dir, plan, t, sel, pricing);
        MachineActivity after = MachineActivity.read();
        return r.with(r.context().withDisturbance(TrialRecords.disturbance(r, w, after.since(before), before.cpus(),
                after.cpuMhz(), pricing.wattsPerCore())));
    }

    /** Runs trial {@code t} with {@code sel}'s sources open, {@code pricing} pricing and banding its figures. */
    private TrialRecord runTrial(Path dir, Plan plan, Plan.Trial t, PowerSources.Selection sel,
                                 TrialRecords.Pricing pricing) throws IOException {
        return TrialRun.run(dir, plan, t, sel, pricing, new TrialRun.Context(options.childJvmArgs(),
                options.progress(), options.onChildStart(), current, () -> interrupted));
    }

    /** Stops the running trial (a shutdown: Ctrl-C or SIGTERM); the main loop records it and stops. */
    private void interrupt() {
        interrupted = true;
        Process p = current.get();
        try {
            if (p != null) {
                org.carbonlab.process.ProcessStop.tree(p.toHandle(), org.carbonlab.process.ProcessStop.GRACE);
            }
            // the JVM halts when this hook returns: first let the loop record the interrupted trial (also when the
            // signal reached the trial's processes first, as a scheduler's cancel does, and the child is gone)
            loopEnded.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
