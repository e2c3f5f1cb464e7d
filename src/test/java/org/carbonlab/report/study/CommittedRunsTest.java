package org.carbonlab.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.report.tools.JmhReport;

/**
 * Every study run committed under {@code results/} and the committed JMH report regenerate from their raw files
 * exactly as committed: the text files (summaries, {@code emissions.csv}, {@code report.html}) byte for byte, the
 * PNG charts with the same names and sizes (their pixels depend on the fonts a machine has; the raw traces are the
 * data). SVGs are not committed. ({@code roofline.md} is left out: it
 * describes the machine that regenerates it.) This is what keeps a refactoring of the results or report code honest.
 */
class CommittedRunsTest {

    /** What {@code carbonlab report RUN_DIR} writes; everything else in a run directory is raw data. */
    private static final Set<String> OUTPUTS = Set.of("summary.md", "summary.csv", "summary.json", "emissions.csv",
            "report.html", "charts");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> studyRunsRegenerate() throws IOException {
        List<Path> runs;
        try (Stream<Path> s = Files.walk(Path.of("results"))) {
            runs = s.filter(p -> p.getFileName().toString().equals("manifest.json")).map(Path::getParent).sorted()
                    .toList();
        }
        assertTrue(runs.size() >= 8, "the committed study runs are found: " + runs);
        return runs.stream().map(run -> DynamicTest.dynamicTest(run.toString(), () -> {
            Path copy = tmp.resolve(run.toString().replace('/', '_'));
            copyRaw(run, copy);
            StudyReport.write(copy);
            assertSame(run, copy);
        }));
    }

    /**
     * Every committed trial record reads into its typed parts and writes back byte for byte: the parts
     * ({@code TrialRecord}, {@code TrialOutcome}) keep the flat line every run has on disk. A field added since a line
     * was written (e.g. a disturbance's {@code cpuMhz}) comes back as null, and only that is taken out before comparing.
     */
    @TestFactory
    Stream<DynamicTest> trialRecordsWriteBackAsCommitted() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("results"))) {
            files = s.filter(p -> p.getFileName().toString().equals(org.carbonlab.results.RunFiles.TRIALS)).sorted()
                    .toList();
        }
        assertTrue(files.size() >= 8, "the committed runs' trials are found: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            for (String line : Files.readAllLines(f)) {
                org.carbonlab.results.TrialRecord r = org.carbonlab.results.Json.read(line,
                        org.carbonlab.results.TrialRecord.class);
                com.fasterxml.jackson.databind.JsonNode written = org.carbonlab.results.Json.MAPPER.valueToTree(r);
                dropAddedNulls(written, org.carbonlab.results.Json.MAPPER.readTree(line));
                assertEquals(line, org.carbonlab.results.Json.MAPPER.writeValueAsString(written), f.toString());
            }
        }));
    }

    /** Every committed run's study definition reads into its typed parts and writes back as the object it was. */
    @TestFactory
    Stream<DynamicTest> studyDefinitionsWriteBackAsCommitted() throws IOException {
        List<Path> manifests;
        try (Stream<Path> s = Files.walk(Path.of("results"))) {
            manifests = s.filter(p -> p.getFileName().toString().equals("manifest.json")).sorted().toList();
        }
        return manifests.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            com.fasterxml.jackson.databind.JsonNode spec = org.carbonlab.results.Json.MAPPER.readTree(f.toFile())
                    .get("spec");
            org.carbonlab.results.StudyDefinition d = org.carbonlab.results.Json.MAPPER.treeToValue(spec,
                    org.carbonlab.results.StudyDefinition.class);
            com.fasterxml.jackson.databind.JsonNode written = org.carbonlab.results.Json.MAPPER.valueToTree(d);
            // a number is the number it was, whichever Java type held it (1 read as an int, written from a long)
            assertTrue(spec.equals((a, b) -> a.equals(b) || a.isNumber() && b.isNumber()
                    && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1, written), f + ": " + written);
        }));
    }

    /** Removes from {@code written} the null fields that {@code original} does not have, at every depth. */
    private static void dropAddedNulls(com.fasterxml.jackson.databind.JsonNode written,
                                       com.fasterxml.jackson.databind.JsonNode original) {
        if (written.isObject() && original.isObject()) {
            List<String> added = new ArrayList<>();
            written.fieldNames().forEachRemaining(n -> {
                if (!original.has(n) && written.get(n).isNull()) {
                    added.add(n);
                }
            });
            ((com.fasterxml.jackson.databind.node.ObjectNode) written).remove(added);
            written.fieldNames().forEachRemaining(n -> {
                if (original.has(n)) {
                    dropAddedNulls(written.get(n), original.get(n));
                }
            });
        } else if (written.isArray() && original.isArray() && written.size() == original.size()) {
            for (int i = 0; i < written.size(); i++) {
                dropAddedNulls(written.get(i), original.get(i));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> jmhReportRegenerates() {
        Path roofline = Path.of("results/roofline/20261128T0505Z");
        return Stream.of(DynamicTest.dynamicTest("results/benchmarks/steps-report", () -> {
            Path out = Files.createDirectories(tmp.resolve("jmh"));
            JmhReport.write(Path.of("results/benchmarks/steps.json"), out, Optional.empty());
            assertSame(Path.of("results/benchmarks/steps-report"), out);
        }), DynamicTest.dynamicTest(roofline + "/steps (with the committed roofline's peaks)", () -> {
            Path out = Files.createDirectories(tmp.resolve("jmh-peaks"));
            JmhReport.write(roofline.resolve("steps/steps.json"), out,
                    Optional.of(org.carbonlab.kernel.Roofline.read(roofline.resolve("roofline.json"))));
            assertSame(roofline.resolve("steps"), out);
        }));
    }

    /** Copies {@code run}'s raw files (not its outputs) into {@code to}. */
    private static void copyRaw(Path run, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path rel = run.relativize(p);
                if (!OUTPUTS.contains(rel.getName(0).toString())) {
                    Files.createDirectories(to.resolve(rel).getParent());
                    Files.copy(p, to.resolve(rel));
                }
            }
        }
    }

    /** Every committed output in {@code committed} (SVGs aside) has its regenerated twin in {@code fresh}. */
    private static void assertSame(Path committed, Path fresh) throws IOException {
        List<Path> outputs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(committed)) {
            s.filter(Files::isRegularFile).map(committed::relativize)
                    .filter(rel -> OUTPUTS.contains(rel.getName(0).toString()) || rel.toString().matches("jmh-(summary\\.(md|csv)|\\d+\\.png)"))
                    .filter(rel -> !rel.toString().endsWith(".svg")).forEach(outputs::add);
        }
        assertFalse(outputs.isEmpty(), committed + " has outputs to compare");
        for (Path rel : outputs) {
            Path a = committed.resolve(rel);
            Path b = fresh.resolve(rel);
            assertTrue(Files.isRegularFile(b), "regenerated " + rel);
            if (rel.toString().endsWith(".png")) {
                BufferedImage x = ImageIO.read(a.toFile());
                BufferedImage y = ImageIO.read(b.toFile());
                assertEquals(x.getWidth() + "x" + x.getHeight(), y.getWidth() + "x" + y.getHeight(), rel.toString());
            } else {
                assertEquals(Files.readString(a), Files.readString(b), committed.resolve(rel) + " regenerates");
            }
        }
    }
}
