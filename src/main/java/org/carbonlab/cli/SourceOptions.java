package org.carbonlab.cli;

import java.util.List;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.carbonlab.power.source.PowerSources;

/** The options every command that samples power shares: which sources, and where they look. */
final class SourceOptions {

    @Option(names = "--source", split = ",", paramLabel = "NAME",
            description = "power sources: auto (default), rapl, nvml, host (a hypervisor exporter's energy of this VM at"
                    + " /var/scaphandre), host:PATH (its energy tree or power file), estimate, replay:FILE;"
                    + " comma-separated")
    List<String> sources = List.of("auto");

    @Mixin
    SensorOptions sensors;

    PowerSources.Options toOptions(boolean includeSelf) {
        return sensors.toOptions(includeSelf);
    }
}
