package org.carbonlab.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import org.carbonlab.util.UserException;

/**
 * {@code carbonlab bench}: the JMH benchmarks live in {@code target/benchmarks.jar}, which the launcher builds and
 * runs ({@code ./carbonlab bench [JMH options]}); this jar only says so.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the JMH benchmarks with the same meters: through the launcher, ./carbonlab bench [JMH"
                + " options], which builds and runs target/benchmarks.jar (mvn -Pbenchmarks package).",
                "Example: ./carbonlab bench TrainStepBench -prof org.carbonlab.jmh.EnergyProfiler:source=estimate"})
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "JMH_ARGS", description = "JMH's options")
    List<String> args = List.of();

    @Override
    public Integer call() {
        throw new UserException("the benchmarks are in target/benchmarks.jar, not this jar: run ./carbonlab"
                + " bench " + String.join(" ", args) + " (it builds the jar with mvn -Pbenchmarks package), or java"
                + " -jar target/benchmarks.jar");
    }
}
