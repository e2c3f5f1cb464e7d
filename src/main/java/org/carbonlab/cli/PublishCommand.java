package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.carbonlab.report.bundle.Bundle;

/** {@code carbonlab publish RUN_DIR... --out DIR}: one bundle that standard tools validate and anyone re-derives. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish runs as one bundle: the raw files and summaries, trials.csv, a Frictionless Data"
                + " Package, an RO-Crate, CITATION.cff, system.json, README.md (methods) and SHA256SUMS.",
                "Example: carbonlab publish results/quickstart/RUN --out quickstart-bundle.zip --author 'A. Person'"})
final class PublishCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories to publish together")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the bundle: a new folder, or a file ending in .zip")
    Path out;

    @Option(names = "--author", paramLabel = "NAME", description = "an author for CITATION.cff; repeatable")
    List<String> authors = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Bundle.publish(runs, out, authors);
        spec.commandLine().getOut().println("published " + runs.size() + " run(s) into " + out + "; check it with"
                + " carbonlab verify " + out);
        return 0;
    }
}
