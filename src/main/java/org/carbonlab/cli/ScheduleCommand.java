package org.carbonlab.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.carbonlab.carbon.CarbonAwareScheduler;
import org.carbonlab.carbon.IntensitySeries;
import org.carbonlab.carbon.Pue;
import org.carbonlab.report.tools.CarbonReport;

/** {@code carbonlab schedule}: when and where a job of given length emits least. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Find the start time and region that minimise a job's CO2e, from hourly intensity series.",
                "Example: carbonlab schedule --duration 6h --series em.csv --regions DE,FR --deadline 2026-11-29T00:00:00Z"})
final class ScheduleCommand implements Callable<Integer> {

    @Option(names = "--duration", required = true, paramLabel = "DURATION", description = "job length, e.g. 6h")
    Duration duration;

    @Option(names = "--series", required = true, paramLabel = "FILE",
            description = "hourly intensity CSV (Electricity Maps export layout: datetime, zone, carbon intensity)")
    Path series;

    @Option(names = "--regions", split = ",", paramLabel = "ZONE", description = "zones to consider; the first is where the job runs now (default: all in the series)")
    List<String> regions;

    @Option(names = "--not-before", paramLabel = "T", description = "earliest start, ISO-8601 UTC (default: the series' first hour)")
    Instant notBefore;

    @Option(names = "--deadline", paramLabel = "T", description = "the job must end by then (default: the series' end)")
    Instant deadline;

    @Option(names = "--power-w", paramLabel = "W", description = "the job's mean power (default 1000 W)")
    double powerW = 1000;

    @Option(names = "--pue", paramLabel = "P", description = "PUE (default 1.59)")
    Double pue;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IntensitySeries s = IntensitySeries.readCsv(series);
        List<String> zones = regions != null ? regions : CarbonAwareScheduler.allZones(s);
        Instant[] span = CarbonAwareScheduler.commonSpan(s, zones);
        CarbonAwareScheduler.Plan plan = CarbonAwareScheduler.plan(s, zones, duration, powerW,
                pue == null ? Pue.GLOBAL_2021 : Pue.of(pue), notBefore != null ? notBefore : span[0],
                deadline != null ? deadline : span[1]);
        spec.commandLine().getOut().print(CarbonReport.text(plan));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
