package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.carbonlab.report.StudyReport;

/** {@code carbonlab report RUN_DIR}: regenerates a run's summaries from its raw files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Regenerates summary.md, summary.csv, summary.json and emissions.csv of a run from its"
                + " manifest.json and trials.jsonl, byte for byte.", "Example: carbonlab report results/quickstart/RUN_ID"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "a run directory (results/<study>/<run-id>)")
    Path runDir;

    @Override
    public Integer call() throws IOException {
        StudyReport.write(runDir);
        System.out.println(runDir.resolve("summary.md"));
        return 0;
    }
}
