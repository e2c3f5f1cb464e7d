package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.carbonlab.report.study.RunComparison;

/** {@code carbonlab compare RUN_A RUN_B}: the same study on two machines. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares two runs of the same study (e.g. two hardware generations): per variant and metric,"
                + " B / A with a 95 %% CI. Refuses runs whose specs differ in more than the hardware.",
                "Example: carbonlab compare results/quickstart/RUN_A results/quickstart/RUN_B"})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_A", description = "the reference run")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "the run compared with it")
    Path b;

    @Override
    public Integer call() throws IOException {
        System.out.print(RunComparison.compare(a, b));
        return 0;
    }
}
