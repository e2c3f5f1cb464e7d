package org.carbonlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.carbonlab.carbon.CarbonAccountant;
import org.carbonlab.carbon.Footprint;
import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensitySeries;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.measure.Capture;
import org.carbonlab.measure.CommandMeter;
import org.carbonlab.report.tools.MeasurementReport;

/** {@code carbonlab measure -- CMD ARGS...}: runs any command and measures its energy. */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = {"Run a command, measure its energy per device with provenance, write the power trace and a"
                + " JSON summary, and exit with the command's own exit code.",
                "Example: carbonlab measure --interval 100ms -- python train.py --epochs 3"})
final class MeasureCommand implements Callable<Integer> {

    @Option(names = "--interval", paramLabel = "DURATION", description = "sampling interval (default 100ms)")
    Duration interval = org.carbonlab.power.Sampler.DEFAULT_INTERVAL;

    @Option(names = "--idle", paramLabel = "DURATION",
            description = "measure this long of idle first and split energy into static and dynamic (default 0s: none)")
    Duration idle = Duration.ZERO;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where power.csv and summary.json go (default results/measure/<timestamp>)")
    Path out;

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    CarbonOptions carbon;

    @Option(names = "--series", paramLabel = "FILE",
            description = "hourly intensity CSV (Electricity Maps layout): weight the run's energy by hour for --region")
    Path series;

    @Option(names = "--capture", paramLabel = "NAME=REGEX",
            description = "find a number in the command's output (stdout and stderr; the last matching line, the"
                    + " pattern's first group), written to summary.json as captures.NAME; repeatable. Example:"
                    + " --capture 'test-accuracy=Accuracy: [0-9]+/[0-9]+ [(]([0-9.]+)%%[)]'")
    List<String> captures = List.of();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the command to measure, after '--'")
    List<String> command;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : Path.of("results", "measure",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        CommandMeter meter = new CommandMeter(new CommandMeter.Options(sourceOptions.sources, interval, idle, dir,
                out == null, sourceOptions.toOptions(false), captures.stream().map(Capture::parse).toList()));
        IntensityTable table = IntensityTable.load();
        carbon.validate(series != null); // bad carbon settings fail before the command runs
        Optional<IntensitySeries> hourly = Optional.ofNullable(series).map(IntensitySeries::readCsv);
        CommandMeter.Result r = meter.run(command, result -> {
            IntensityResolver.Resolved ci = carbon.resolver(table).resolveForTrace(
                    Optional.ofNullable(carbon.intensityKgPerKwh), Optional.ofNullable(carbon.region), hourly,
                    result.trace());
            Footprint footprint = CarbonAccountant.account(result.measurement().whole(), carbon.pue(),
                    ci.intensity(), ci.notes());
            try {
                MeasurementReport.writeJson(result, footprint, table.version());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MeasurementReport.printText(result, footprint, spec.commandLine().getErr());
        });
        return r.exitCode();
    }
}
