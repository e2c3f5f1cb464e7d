package org.carbonlab.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.carbonlab.power.PowerSource;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.report.tools.SensorsReport;
import org.carbonlab.util.UserException;

/** {@code carbonlab sensors}: every power source, found or not, what it reads and why not. */
@Command(name = "sensors", mixinStandardHelpOptions = true,
        description = "List every power source (or those --source names): found or not, what it can read, and"
                + " why not.")
final class SensorsCommand implements Callable<Integer> {

    @Mixin
    SourceOptions sourceOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<java.nio.file.Path> hostPaths = new java.util.ArrayList<>();
        List<String> ids = new java.util.ArrayList<>();
        for (String name : sourceOptions.sources) {
            if (PowerSources.hostPath(name).isPresent()) {
                hostPaths.add(PowerSources.hostPath(name).get());
                ids.add("host");
            } else if (PowerSources.NAMES.contains(name)) {
                ids.add(name);
            } else {
                throw new UserException("unknown power source '" + name + "'; valid: " + PowerSources.NAMES
                        + " or host:PATH");
            }
        }
        PowerSources.Options o = sourceOptions.toOptions(true);
        List<PowerSource> probed = PowerSources.probeAll(hostPaths.isEmpty() ? o : new PowerSources.Options(
                o.powercapRoot(), o.nvml(), o.estimate(), o.tree(), hostPaths));
        List<PowerSource> all = ids.contains("auto") ? probed
                : probed.stream().filter(src -> ids.contains(src.id())).toList();
        probed.stream().filter(src -> !all.contains(src)).forEach(PowerSource::close);
        try {
            spec.commandLine().getOut().print(SensorsReport.text(
                    org.carbonlab.hardware.CpuIdentity.ofThisMachine().describe(), all));
            spec.commandLine().getOut().flush();
        } finally {
            all.forEach(PowerSource::close);
        }
        return 0;
    }
}
