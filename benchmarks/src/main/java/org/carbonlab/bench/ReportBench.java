package org.carbonlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.carbonlab.report.study.StudyReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Regenerating every summary, chart and the HTML page of a committed study run (a copy of the first run under
 * {@code results/<study>/}, run from the project root), as {@code carbonlab report} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
public class ReportBench {

    @Param({"quickstart"})
    public String study;

    private Path copy;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path studyDir = Path.of("results", study);
        Path run;
        try (Stream<Path> s = Files.list(studyDir)) {
            run = s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no run under " + studyDir.toAbsolutePath()
                            + ": run ./carbonlab run experiments/" + study + ".yaml first"));
        }
        copy = Files.createTempDirectory("carbonlab-report-bench");
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.toList();
        }
        for (Path f : files) {
            Path to = copy.resolve(run.relativize(f).toString());
            if (Files.isDirectory(f)) {
                Files.createDirectories(to);
            } else {
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every summary, emissions.csv, the charts and report.html, from the raw files. */
    @Benchmark
    public void regenerate() throws IOException {
        StudyReport.write(copy);
    }
}
