package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.carbonlab.power.EnergyCheck;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.carbonlab.cluster.Slurm;
import org.carbonlab.cluster.SlurmFinish;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.report.tools.JmhReport;
import org.carbonlab.report.tools.RooflineReport;
import org.carbonlab.report.study.StudyReport;
import org.carbonlab.util.UserException;

/** {@code carbonlab report RUN_DIR}: regenerates a run's summaries from its raw files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Regenerates the summaries, emissions.csv, charts and report.html of a run from its"
                + " manifest.json, trials.jsonl and traces, byte for byte; or renders JMH JSON output (--jmh, --roofline).", "Example: carbonlab report results/quickstart/RUN_ID"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN_DIR", description = "a run directory (results/<study>/<run-id>)")
    Path runDir;

    @Option(names = "--jmh", paramLabel = "FILE", description = "instead: turn JMH's JSON output (-rf json) into"
            + " jmh-summary.md, jmh-summary.csv and charts")
    Path jmh;

    @Option(names = "--roofline", paramLabel = "FILE", arity = "1..*", description = "instead: turn the JMH JSON of"
            + " KernelBench runs into roofline.md, roofline.csv and roofline.json (this machine's peaks)")
    List<Path> roofline;

    @Option(names = "--peaks", paramLabel = "ROOFLINE", description = "with --jmh: a roofline.json, to add GFLOP/s and"
            + " MFU to the training-step and prediction benchmarks")
    Path peaks;

    @Option(names = "--out", paramLabel = "DIR", description = "with --jmh, --roofline or --energy-check: where"
            + " (default: beside the first FILE)")
    Path out;

    @Option(names = "--energy-check", paramLabel = "TRACE", description = "instead: compare a GPU's energy counter"
            + " with the integral of its sampled power (and of --smi's log) over a trace's window; writes"
            + " energy-check.md")
    Path energyCheck;

    @Option(names = "--smi", paramLabel = "CSV", description = "with --energy-check: nvidia-smi --query-gpu="
            + "timestamp,power.draw --format=csv -lms 100 output, timestamps in UTC")
    Path smi;

    @Option(names = "--channel", paramLabel = "ID", description = "with --energy-check: the channel (default"
            + " ${DEFAULT-VALUE})")
    String channel = "nvml:gpu0";

    @Option(names = "--after-slurm", description = "with RUN_DIR: what the report job of run --slurm does first:"
            + " record the trials whose array task ended without a record, keep sacct's energy where it has one")
    boolean afterSlurm;

    @Override
    public Integer call() throws IOException {
        if ((runDir != null ? 1 : 0) + (jmh != null ? 1 : 0) + (roofline != null ? 1 : 0)
                + (energyCheck != null ? 1 : 0) != 1) {
            throw new UserException("give one of RUN_DIR, --jmh FILE, --roofline FILE... or"
                    + " --energy-check TRACE");
        }
        if (energyCheck != null) {
            String md = EnergyCheck.of(energyCheck, channel, java.util.Optional.ofNullable(smi)).markdown();
            Path dir = out != null ? out : energyCheck.toAbsolutePath().getParent();
            java.nio.file.Files.writeString(dir.resolve("energy-check.md"), md);
            System.out.print(md);
            return 0;
        }
        if (roofline != null) {
            Path dir = out != null ? out : roofline.get(0).toAbsolutePath().getParent();
            RooflineReport.write(roofline, dir, RooflineReport.thisMachine());
            System.out.println(dir.resolve("roofline.md"));
            return 0;
        }
        if (jmh != null) {
            Path dir = out != null ? out : jmh.toAbsolutePath().getParent();
            JmhReport.write(jmh, dir, java.util.Optional.ofNullable(peaks).map(Roofline::read));
            System.out.println(dir.resolve("jmh-summary.md"));
            return 0;
        }
        if (afterSlurm) {
            List<String> lost = SlurmFinish.finish(Slurm.fromEnvironment(), runDir);
            if (!lost.isEmpty()) {
                System.out.println("recorded as failed (their array tasks wrote no record): " + lost);
            }
            SlurmFinish.nextWave(Slurm.fromEnvironment(), runDir).ifPresent(System.out::println);
        }
        StudyReport.write(runDir);
        System.out.println(runDir.resolve("summary.md"));
        return 0;
    }
}
