package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import org.carbonlab.cluster.NodeTrial;

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
        org.carbonlab.experiment.run.Runner runner = RunCommand.runner(sensors, System.err, false,
                java.util.List.of(), java.util.Optional.empty(), java.util.Optional.empty());
        NodeTrial.run(runner, runDir, index, System.getenv());
        return 0;
    }
}
