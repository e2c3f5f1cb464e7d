package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.carbonlab.cluster.RunStatus;
import org.carbonlab.cluster.Slurm;

/** {@code carbonlab status RUN_DIR}: where a run stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Says where a run stands: planned, pending, running, ok, failed, timed-out, interrupted and not"
                + " run trials, from its records and (for run --slurm) Slurm's queue.",
                "Example: carbonlab status results/quickstart/RUN_ID"})
final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "a run directory")
    Path runDir;

    @Override
    public Integer call() throws IOException {
        System.out.print(RunStatus.text(runDir, RunStatus.of(runDir, Slurm.fromEnvironment())));
        return 0;
    }
}
