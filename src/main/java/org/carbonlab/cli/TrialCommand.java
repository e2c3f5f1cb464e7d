package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import org.carbonlab.carbon.ElectricityMapsClient;
import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.cluster.NodeTrial;
import org.carbonlab.experiment.Runner;

/** {@code carbonlab trial RUN_DIR INDEX}: one trial of a prepared run on this machine (a Slurm array task). */
@Command(name = "trial", mixinStandardHelpOptions = true,
        description = {"Runs one trial of a run prepared by run --slurm on this machine, under its power sources, and"
                + " writes its record into RUN_DIR/trials.d/; what each Slurm array task runs.",
                "Example: carbonlab trial results/quickstart/RUN_ID 3"})
final class TrialCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run directory (on a shared filesystem)")
    Path runDir;

    @Parameters(index = "1", paramLabel = "INDEX", description = "the trial's index in the plan (1-based; the array"
            + " task id)")
    int index;

    @Mixin
    SensorOptions sensors;

    @Override
    public Integer call() throws IOException {
        IntensityTable table = IntensityTable.load();
        Runner runner = new Runner(new Runner.Options(sensors.toOptions(false), table,
                new IntensityResolver(table, ElectricityMapsClient.fromEnvironment(System.getenv())), System.err,
                false, java.util.List.of(), p -> { }, java.util.Optional.empty(), java.util.Optional.empty()));
        NodeTrial.run(runner, runDir, index, System.getenv());
        return 0;
    }
}
