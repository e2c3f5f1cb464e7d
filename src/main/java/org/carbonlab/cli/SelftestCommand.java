package org.carbonlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.stats.Certificate;
import org.carbonlab.util.Numbers;
import org.carbonlab.util.UserException;

/** {@code carbonlab selftest SPEC}: the coverage certificate of a spec's design, by simulation. */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Simulates thousands of studies of SPEC's own design (its variants, blocks, stopping rule,"
                + " pairing and order) with known truth, log-normal trials, a drift in run order and occasional"
                + " outliers, runs each through the rule and the interval a real study uses, and prints the coverage"
                + " of the 95 %% interval (overall and among early stops), the A/A false positives and the blocks"
                + " it takes, per CV. Runs nothing else.",
                "Example: carbonlab selftest experiments/quickstart.yaml --cv 4%%,10%%,25%%"})
final class SelftestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "the study spec (YAML)")
    Path spec;

    @Option(names = "--cv", split = ",", paramLabel = "CV",
            description = "coefficients of variation of a trial's figure, e.g. 4%%,10%% (default 5%%,10%%,15%%,25%%)")
    List<String> cvs = List.of();

    @Option(names = "--studies", paramLabel = "N", description = "simulated studies per CV, 100..1000000"
            + " (default ${DEFAULT-VALUE})")
    int studies = Certificate.STUDIES;

    @Option(names = "--seed", paramLabel = "N", description = "the random seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ExperimentSpec s = ExperimentSpec.parse(spec);
        double[] at = cvs.isEmpty() ? Certificate.CVS : cvs.stream().mapToDouble(c -> Numbers.fraction(c, "--cv"))
                .toArray();
        if (studies < 100 || studies > 1_000_000) {
            throw new UserException("--studies: 100 to 1000000 studies per CV, got " + studies);
        }
        int variants = Plan.variants(s).size();
        Certificate c = Certificate.of(s.design().simulated(variants, s.order()), Certificate.Noise.DEFAULT, at,
                studies, seed);
        java.io.PrintWriter out = command.commandLine().getOut();
        out.println(spec + ": " + s.name());
        out.print(c.text());
        out.flush();
        return 0;
    }
}
