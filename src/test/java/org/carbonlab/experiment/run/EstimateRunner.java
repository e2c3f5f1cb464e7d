package org.carbonlab.experiment.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.power.source.PowerSources;

/** A runner for the study tests: the CPU-time estimate at 12 W per core, no powercap, the embedded intensity table. */
final class EstimateRunner {

    private EstimateRunner() {
    }

    /** A runner whose sources look for powercap under {@code tmp} (none there), progress into {@code out}. */
    static Runner of(Path tmp, ByteArrayOutputStream out) {
        IntensityTable table = IntensityTable.load();
        PowerSources.Options o = PowerSources.Options.of(tmp.resolve("no-powercap"), 12, 0.3725, false);
        return new Runner(new Runner.Options(o, table, new IntensityResolver(table, Optional.empty()),
                new PrintStream(out, true, StandardCharsets.UTF_8), false, List.of(), p -> { }, Optional.empty(),
                Optional.empty()));
    }
}
