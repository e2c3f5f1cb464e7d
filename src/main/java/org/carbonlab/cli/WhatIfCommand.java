package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.carbon.Pue;
import org.carbonlab.carbon.RegionWhatIf;
import org.carbonlab.power.Energy;
import org.carbonlab.report.tools.CarbonReport;
import org.carbonlab.util.UserException;

/** {@code carbonlab whatif}: re-price measured or estimated energy for other regions and PUEs. */
@Command(name = "whatif", mixinStandardHelpOptions = true,
        description = {"Re-price an amount of energy for other regions, years and PUEs, sorted by CO2e.",
                "Example: carbonlab whatif --summary results/measure/X/summary.json --regions DE,FR,SE3 --pue 1.1,1.59"})
final class WhatIfCommand implements Callable<Integer> {

    static final class EnergyInput {
        @Option(names = "--energy-kwh", paramLabel = "KWH", description = "IT energy in kWh")
        Double kwh;

        @Option(names = "--summary", paramLabel = "FILE", description = "a measure summary.json: its total IT energy")
        Path summary;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    EnergyInput energy;

    @Option(names = "--regions", split = ",", required = true, paramLabel = "CODE", description = "regions, the first is the baseline")
    List<String> regions;

    @Option(names = "--years", split = ",", paramLabel = "YEAR",
            description = "years to compare (default: each place's latest; past years for European countries 2000-2020)")
    List<Integer> years = List.of();

    @Option(names = "--pue", split = ",", paramLabel = "P", description = "PUEs to compare (default: the provider's"
            + " for a cloud region, else 1.59, as estimate and run use)")
    List<Double> pues = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (energy.kwh != null && !(energy.kwh > 0)) {
            throw new UserException("--energy-kwh must be a positive amount of energy, got " + energy.kwh);
        }
        Energy it = energy.kwh != null ? Energy.ofKilowattHours(energy.kwh)
                : org.carbonlab.report.tools.MeasurementReport.totalEnergy(energy.summary);
        List<Pue> p = pues.stream().map(Pue::of).toList();
        IntensityTable table = IntensityTable.load();
        List<RegionWhatIf.Row> rows = RegionWhatIf.reprice(it, regions, years, p, table);
        spec.commandLine().getOut().print(CarbonReport.text(rows, it.kilowattHours()));
        if (energy.summary != null) { // an estimate's band scales every row alike
            org.carbonlab.report.tools.MeasurementReport.totalBand(energy.summary)
                    .ifPresent(spec.commandLine().getOut()::println);
        }
        RegionWhatIf.unpriced(regions, years, table)
                .forEach(m -> spec.commandLine().getOut().println("not priced: " + m));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
