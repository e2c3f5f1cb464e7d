package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.carbonlab.report.tools.Ledger;

/** {@code carbonlab ledger results/}: CO2e per quarter and the other governance figures. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Sums every run under a results directory per quarter: energy, CO2e, the average carbon"
                + " intensity of the compute used, the share of carbon-aware runs.", "Example: carbonlab ledger results"})
final class LedgerCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", defaultValue = "results", description = "results root (default ${DEFAULT-VALUE})")
    Path root;

    @Override
    public Integer call() throws IOException {
        System.out.print(Ledger.render(root));
        return 0;
    }
}
