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
import org.carbonlab.hardware.CpuIdentity;
import org.carbonlab.hardware.SpecpowerModels;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.report.tools.CarbonReport;

/** {@code carbonlab estimate}: the footprint of a planned or past job from its hardware, hours and grid. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimate the energy and CO2e of a planned or past job.",
                "Example: carbonlab estimate --gpu A100 --count 8 --hours 120 --pue 1.2 --intensity 0.350",
                "Example: carbonlab estimate --cpu-generation epyc-gen4 --vcpus 16 --load 0.8 --hours 48"
                        + " --region aws:us-east-1"})
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

    @Option(names = "--cpu-generation", paramLabel = "ID", description = "the CPU's generation in the SPECpower"
            + " table (epyc-gen5, sapphirerapids, neoverse-n1, ...; 'here': this machine's): the whole VM's vCPUs at"
            + " the median server's watts per thread, with its 80 %% band")
    String cpuGeneration;

    @Option(names = "--vcpus", paramLabel = "N", description = "with --cpu-generation: hardware threads (vCPUs) held")
    int vcpus;

    @Option(names = "--load", paramLabel = "U", description = "with --cpu-generation: busy share of the vCPUs' time,"
            + " 0 to 1 (default 1), on the line from SPECpower's active idle to 100 %% load")
    Double load;

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
                EstimateSource.DEFAULT_RAM_WATTS_PER_GB,
                Optional.ofNullable(cpuGeneration).map(SpecpowerModels.load()::named), vcpus,
                load == null ? Double.NaN : load);
        java.util.List<String> notes = new java.util.ArrayList<>(ci.notes());
        if ("here".equals(cpuGeneration)) {
            notes.add("--cpu-generation here: this machine's CPU is " + CpuIdentity.ofThisMachine().describe());
        }
        JobEstimate.Result r = JobEstimate.estimate(in, carbon.pue(), ci.intensity(), notes,
                AcceleratorCatalog.load(), CpuCatalog.load());
        var eq = Equivalences.load().of(r.co2e(), r.facilityEnergy());
        spec.commandLine().getOut().print(json ? CarbonReport.json(r, eq, table.version())
                : CarbonReport.text(r, eq, table.version()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
