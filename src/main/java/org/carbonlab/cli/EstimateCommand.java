package org.carbonlab.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.carbonlab.carbon.Equivalences;
import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.carbon.JobEstimate;
import org.carbonlab.hardware.AcceleratorCatalog;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.report.CarbonReport;

/** {@code carbonlab estimate}: the footprint of a planned or past job from its hardware, hours and grid. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimate the energy and CO2e of a planned or past job.",
                "Example: carbonlab estimate --gpu A100 --count 8 --hours 120 --pue 1.2 --intensity 0.350"})
final class EstimateCommand implements Callable<Integer> {

    @Option(names = "--gpu", paramLabel = "NAME", description = "accelerator: A100, H100-PCIe, H200, L4, MI300X, TPU-v4, ...")
    String gpu;

    @Option(names = "--count", paramLabel = "N", description = "number of accelerators (default 1)")
    int count = 1;

    @Option(names = "--power-w", paramLabel = "W", description = "power per accelerator, instead of its TDP")
    Double powerW;

    @Option(names = "--hours", paramLabel = "H", required = true, description = "wall-clock hours")
    double hours;

    @Option(names = "--cpu", paramLabel = "MODEL", description = "CPU model from the catalog, e.g. 'Xeon Gold 6148'")
    String cpu;

    @Option(names = "--cpu-cores", paramLabel = "N", description = "cores used (default: all of the model's)")
    int cpuCores;

    @Option(names = "--ram-gb", paramLabel = "GB", description = "memory in GB (0.3725 W/GB)")
    double ramGb;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    CarbonOptions carbon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IntensityTable table = IntensityTable.load();
        carbon.validate(false);
        IntensityResolver.Resolved ci = carbon.intensity(table);
        JobEstimate.Inputs in = new JobEstimate.Inputs(Optional.ofNullable(gpu), count,
                powerW == null ? Double.NaN : powerW, hours, Optional.ofNullable(cpu), cpuCores, ramGb,
                EstimateSource.DEFAULT_RAM_WATTS_PER_GB);
        JobEstimate.Result r = JobEstimate.estimate(in, carbon.pue(), ci.intensity(), ci.notes(),
                AcceleratorCatalog.load(), CpuCatalog.load());
        var eq = Equivalences.load().of(r.co2e(), r.facilityEnergy());
        spec.commandLine().getOut().print(json ? CarbonReport.json(r, eq, table.version())
                : CarbonReport.text(r, eq, table.version()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
