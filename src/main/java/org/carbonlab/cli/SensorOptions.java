package org.carbonlab.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.power.source.RaplSource;

/** Where power sources look and the estimate's figures; shared by every command that reads power. */
final class SensorOptions {

    @Option(names = "--powercap-root", paramLabel = "DIR", description = "powercap sysfs root (default ${DEFAULT-VALUE})")
    Path powercapRoot = RaplSource.DEFAULT_ROOT;

    @Option(names = "--estimate", paramLabel = "MODEL",
            description = "estimate's model: specpower (default: SPECpower servers of the CPU's generation, with their"
                    + " band) or tdp (TDP per core from the CPU catalog, no band)")
    String estimate = EstimateSource.Model.DEFAULT.id();

    @Option(names = "--cpu-tdp-per-core", paramLabel = "W",
            description = "estimate: watts per busy core, overriding the CPU catalog (implies --estimate tdp)")
    Double tdpPerCore;

    @Option(names = "--ram-w-per-gb", paramLabel = "W",
            description = "estimate: watts per GB of resident memory (default ${DEFAULT-VALUE}; 0 leaves RAM out)")
    double ramWattsPerGb = EstimateSource.DEFAULT_RAM_WATTS_PER_GB;

    PowerSources.Options toOptions(boolean includeSelf) {
        return PowerSources.Options.of(powercapRoot, tdpPerCore == null ? Double.NaN : tdpPerCore, ramWattsPerGb,
                includeSelf, EstimateSource.Model.of(estimate));
    }
}
