package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.carbonlab.carbon.ElectricityMapsClient;
import org.carbonlab.cluster.RunStatus;
import org.carbonlab.cluster.Slurm;
import org.carbonlab.cluster.SlurmRun;
import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.experiment.run.DryRun;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.run.Runner;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.report.study.StudyReport;
import org.carbonlab.util.UserException;

/** {@code carbonlab run SPEC}: runs a study (or resumes one, or prints its plan). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a study: every trial in a fresh JVM, one at a time, in the planned order, while power is"
                + " sampled; writes results/<study>/<run-id>/ with the manifest, trials.jsonl, traces and summaries.",
                "Example: carbonlab run experiments/quickstart.yaml"})
class RunCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "the study spec (YAML), e.g. experiments/quickstart.yaml")
    Path spec;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "finish the trials of an interrupted run")
    Path resume;

    @Option(names = "--dry-run", description = "print the plan and a predicted duration and footprint; run nothing")
    boolean dryRun;

    @Option(names = "--results", paramLabel = "DIR", description = "results root (default ${DEFAULT-VALUE})")
    Path results = Path.of("results");

    @Option(names = "--child-jvm-option", paramLabel = "OPT", description = "extra JVM option for each trial, e.g. -Xmx4g")
    List<String> childJvmArgs = List.of();

    @Option(names = "--start-at", paramLabel = "UTC",
            description = "wait until this start time (from carbonlab schedule) and mark the run carbon-aware")
    java.time.Instant startAt;

    @Option(names = "--roofline", paramLabel = "FILE", description = "this machine's roofline.json (carbonlab report"
            + " --roofline): the run records it and its report gives each variant's MFU")
    Path roofline;

    @Option(names = "--slurm", description = "hand the trials to Slurm as job arrays (the spec's slurm: section) and"
            + " a dependent report job, instead of running them here; with --resume: submit what is left")
    boolean slurm;

    @Option(names = "--wait", description = "with --slurm: follow the jobs until the report is written; Ctrl-C"
            + " cancels them")
    boolean await;

    @Mixin
    SensorOptions sensors;

    /** Whether this command runs tunes (a spec with {@code tune:}) rather than studies. */
    boolean tunes() {
        return false;
    }

    @Override
    public Integer call() throws IOException {
        if ((spec == null) == (resume == null)) {
            throw new UserException("give a SPEC to run, or --resume RUN_DIR, not both");
        }
        boolean runDir = resume != null && java.nio.file.Files.isRegularFile(resume.resolve(Runner.SPEC_COPY));
        ExperimentSpec parsed = spec != null ? ExperimentSpec.parse(spec) : null;
        boolean tune = parsed != null ? parsed.tune().isPresent()
                : runDir && Runner.planOf(resume).spec().tune().isPresent();
        if (tune != tunes() && (spec != null || runDir)) { // not a run directory: resume says so
            throw new UserException(tune ? (spec != null ? spec : resume) + " tunes (it has a tune:"
                    + " section): carbonlab tune runs it" : (spec != null ? spec : resume) + " has no tune: section:"
                    + " carbonlab run runs a study");
        }
        if (dryRun) {
            if (spec == null) {
                throw new UserException("--dry-run takes a SPEC");
            }
            Runner dry = runner(sensors, System.out, false, childJvmArgs, java.util.Optional.empty(),
                    java.util.Optional.empty());
            dry.requireRunnable(org.carbonlab.experiment.spec.Plan.of(parsed)); // what the run would refuse: first
            System.out.print(DryRun.describe(parsed, results, dry.estimateProvenance(parsed)));
            return 0;
        }
        Runner runner = runner(sensors, System.out, System.console() != null, childJvmArgs,
                java.util.Optional.ofNullable(startAt), java.util.Optional.ofNullable(roofline).map(Roofline::read));
        if (await && !slurm) {
            throw new UserException("--wait goes with --slurm");
        }
        if (slurm) {
            Slurm cluster = Slurm.fromEnvironment();
            String line = "carbonlab " + (tunes() ? "tune " : "run ") + (resume != null ? "--resume " + resume
                    : spec) + " --slurm";
            SlurmRun.Submitted s = resume != null ? SlurmRun.resume(cluster, resume, line)
                    : SlurmRun.start(runner, cluster, spec, results, line);
            System.out.println("submitted " + s.dir() + ": " + s.submission().arrays().stream().map(a -> "job array "
                    + a.jobId() + " (" + a.trials().size() + " trials)").toList() + ", report job "
                    + s.submission().reportJobId() + "; carbonlab status " + s.dir() + " shows where it stands");
            if (await) {
                SlurmRun.await(cluster, s, System.out);
                System.out.print(RunStatus.text(s.dir(), RunStatus.of(s.dir(), cluster)));
                System.out.println("results: " + s.dir() + " (summary.md, written by the report job)");
            }
            return 0;
        }
        Path dir = resume != null ? runner.resume(resume) : runner.run(spec, results);
        StudyReport.write(dir);
        System.out.print(tunes() ? StudyReport.answer(dir) : StudyReport.tables(dir));
        System.out.println("results: " + dir + " (" + (tunes() ? "tune.md, tune.json, race.csv, " : "")
                + "summary.md, summary.csv, summary.json, emissions.csv, report.html)");
        return 0;
    }

    /** A runner over this machine's sources and the embedded intensity table (the API's where a token is set). */
    static Runner runner(SensorOptions sensors, java.io.PrintStream progress, boolean terminal, List<String> jvmArgs,
                         java.util.Optional<java.time.Instant> startAt, java.util.Optional<Roofline> roofline) {
        IntensityTable table = IntensityTable.load();
        return new Runner(new Runner.Options(sensors.toOptions(false), table,
                new IntensityResolver(table, ElectricityMapsClient.fromEnvironment(System.getenv())), progress,
                terminal, jvmArgs, p -> { }, startAt, roofline));
    }
}
