package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.carbonlab.report.bundle.Bundle;

/** {@code carbonlab verify BUNDLE}: checksums, schemas and every table re-derived; exit 2 at the first discrepancy. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a bundle made by publish: every file against SHA256SUMS, every CSV against its Table"
                + " Schema, every run's summaries and trials.csv re-derived from the raw files byte for byte. Exits 2"
                + " with the first discrepancy in one line, 0 with what was checked.",
                "Example: carbonlab verify quickstart-bundle.zip"})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle folder or .zip")
    Path bundle;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        spec.commandLine().getOut().println(Bundle.verify(bundle));
        return 0;
    }
}
