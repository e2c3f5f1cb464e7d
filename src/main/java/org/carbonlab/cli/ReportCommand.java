package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.carbonlab.report.JmhReport;
import org.carbonlab.report.StudyReport;

/** {@code carbonlab report RUN_DIR}: regenerates a run's summaries from its raw files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Regenerates the summaries, emissions.csv, charts and report.html of a run from its"
                + " manifest.json, trials.jsonl and traces, byte for byte; or renders JMH JSON output (--jmh).", "Example: carbonlab report results/quickstart/RUN_ID"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN_DIR", description = "a run directory (results/<study>/<run-id>)")
    Path runDir;

    @Option(names = "--jmh", paramLabel = "FILE", description = "instead: turn JMH's JSON output (-rf json) into"
            + " jmh-summary.md, jmh-summary.csv and charts")
    Path jmh;

    @Option(names = "--out", paramLabel = "DIR", description = "with --jmh: where (default: beside FILE)")
    Path out;

    @Override
    public Integer call() throws IOException {
        if ((runDir == null) == (jmh == null)) {
            throw new IllegalArgumentException("give a RUN_DIR, or --jmh FILE, not both");
        }
        if (jmh != null) {
            Path dir = out != null ? out : jmh.toAbsolutePath().getParent();
            JmhReport.write(jmh, dir);
            System.out.println(dir.resolve("jmh-summary.md"));
            return 0;
        }
        StudyReport.write(runDir);
        System.out.println(runDir.resolve("summary.md"));
        return 0;
    }
}
