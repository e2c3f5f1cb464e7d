package org.carbonlab.report.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.report.study.StudyReport;

/**
 * A published bundle of committed runs: it verifies, the standard validators (the Frictionless and RO-Crate npm
 * libraries, {@code scripts/validators}) accept it, and a one-byte change to any file, a table that no longer
 * re-derives or a value its schema refuses makes {@code verify} refuse, naming the file.
 */
class BundleTest {

    /** The runs bundled: the widest table (three engines) and an adaptive, banded quickstart. */
    static final List<Path> RUNS = List.of(Path.of("results/precision-cpu/20261201T011824Z"),
            Path.of("results/quickstart/20261204T074723Z"));

    @TempDir
    Path tmp;

    @Test
    void aBundleOfCommittedRunsVerifiesAndHoldsWhatItsReadersNeed() throws IOException {
        Path b = Bundle.publish(RUNS, tmp.resolve("bundle"), List.of("A. Tester"));
        String ok = Bundle.verify(b);
        assertTrue(ok.startsWith("verified " + b + ": ") && ok.contains("2 runs' summaries"), ok);
        for (String f : List.of("datapackage.json", "ro-crate-metadata.json", "CITATION.cff", "system.json",
                "SHA256SUMS", "README.md", "trials.csv", "power.csv", "channels.csv",
                "runs/quickstart/20261204T074723Z/trials.jsonl", "runs/precision-cpu/20261201T011824Z/power/t001.csv")) {
            assertTrue(Files.isRegularFile(b.resolve(f)), f);
        }
        JsonNode dp = new ObjectMapper().readTree(b.resolve("datapackage.json").toFile());
        assertEquals("tabular-data-package", dp.get("profile").asText());
        assertEquals(List.of("trials", "precision-cpu-20261201t011824z-summary", "precision-cpu-20261201t011824z-emissions",
                "quickstart-20261204t074723z-summary", "quickstart-20261204t074723z-emissions", "power", "channels"),
                Stream.of(dp.get("resources")).flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false))
                        .map(r -> r.get("name").asText()).toList());
        String readme = Files.readString(b.resolve("README.md"));
        for (String item : List.of("Hardware: AMD EPYC", "Software: carbonlab", "Energy: estimate", "Carbon: 18.000 g"
                + " CO2e/kWh", "PUE 1.590", "Design: 3 repetitions per variant", "Statistics:")) {
            assertTrue(readme.contains(item), item + " in the methods paragraph:\n" + readme);
        }
        assertTrue(Files.readString(b.resolve("CITATION.cff")).contains("  - name: \"A. Tester\""));
        long trials = Files.readAllLines(b.resolve("trials.csv")).size() - 1;
        assertEquals(9 + 18, trials, "9 precision-cpu trials and 18 quickstart trials");
        Path zip = Bundle.publish(RUNS, tmp.resolve("bundle.zip"), List.of());
        assertTrue(Bundle.verify(zip).startsWith("verified " + zip), "a zip verifies as a folder does");
        assertTrue(assertThrows(org.carbonlab.util.UserException.class, () -> Bundle.publish(RUNS, b, List.of()))
                .getMessage().contains("is never written over"));
    }

    /**
     * A copy of the committed quickstart whose trials also report a figure that can be negative ("gain", the
     * baseline's around 0): its ratio has no log ratio, so the unpaired interval decides, and it is unbounded.
     */
    private Path unboundedRun() throws IOException {
        Path run = tmp.resolve("unbounded/results/quickstart/20261204T074723Z");
        Path from = RUNS.get(1);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.createDirectories(run.resolve(from.relativize(p)).getParent());
                Files.copy(p, run.resolve(from.relativize(p)));
            }
        }
        ObjectMapper json = new ObjectMapper();
        List<String> out = new java.util.ArrayList<>();
        double[] gains = {-1, 0.5, 1, -0.5, 0.2, 0.9, -0.8, 0.1};
        for (String line : Files.readAllLines(run.resolve("trials.jsonl"))) {
            com.fasterxml.jackson.databind.node.ObjectNode t = (com.fasterxml.jackson.databind.node.ObjectNode)
                    json.readTree(line);
            int rep = t.get("repetition").asInt();
            if (rep >= 1 && t.get("outcome") instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                boolean base = t.get("variant").asText().equals("precision=fp32");
                o.putObject("metrics").put("gain", base ? gains[rep - 1] : 5 + rep % 3);
            }
            out.add(json.writeValueAsString(t));
        }
        Files.write(run.resolve("trials.jsonl"), out);
        StudyReport.write(run);
        return run;
    }

    @Test
    void aRunWithAnUnboundedIntervalSaysItInWordsAndItsBundleVerifies() throws IOException {
        Path run = unboundedRun();
        String row = Files.readAllLines(run.resolve("summary.csv")).stream()
                .filter(l -> l.startsWith("precision=amp-fp16,extra_gain,")).findFirst().orElseThrow();
        List<String> cells = org.carbonlab.util.Csv.split(row);
        // the deciding interval is the unpaired one here: its ends empty, and the reason in interval_note
        assertEquals(List.of("", ""), List.of(cells.get(10), cells.get(11)), row);
        assertTrue(cells.get(cells.size() - 1).startsWith("the interval is unbounded"), row);
        assertFalse(Files.readString(run.resolve("summary.csv")).matches("(?s).*,-?inf(,|\n).*"), "no inf in the CSV");
        assertTrue(Files.readString(run.resolve("summary.md")).contains("unbounded"), "said in words on the page");
        Path b = Bundle.publish(List.of(run), tmp.resolve("bundle"), List.of());
        assertTrue(Bundle.verify(b).startsWith("verified "), "the bundle verifies");
    }

    @Test
    void oneChangedByteAnywhereIsRefusedWithTheFileNamed() throws IOException {
        Path b = Bundle.publish(RUNS.subList(1, 2), tmp.resolve("bundle"), List.of());
        List<Path> files;
        try (Stream<Path> s = Files.walk(b)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("SHA256SUMS"))
                    .sorted().toList();
        }
        for (Path f : List.of(b.resolve("runs/quickstart/20261204T074723Z/power/t003.csv"), b.resolve("trials.csv"),
                b.resolve("datapackage.json"), files.get(files.size() / 2))) {
            byte[] before = Files.readAllBytes(f);
            byte[] after = before.clone();
            after[after.length / 2] ^= 1;
            Files.write(f, after);
            Bundle.Discrepancy d = assertThrows(Bundle.Discrepancy.class, () -> Bundle.verify(b));
            assertTrue(d.getMessage().startsWith("verify: " + b.relativize(f) + ": its SHA-256 is "), d.getMessage());
            assertTrue(!d.getMessage().contains("\n"), "one line");
            Files.write(f, before);
        }
        Bundle.verify(b); // restored
    }

    @Test
    void aTableThatNoLongerReDerivesOrBreaksItsSchemaIsRefusedEvenWithFreshChecksums() throws IOException {
        Path b = Bundle.publish(RUNS.subList(1, 2), tmp.resolve("bundle"), List.of());
        Path summary = b.resolve("runs/quickstart/20261204T074723Z/summary.md");
        Files.writeString(summary, Files.readString(summary).replace("**1.693x**", "**0.693x**"));
        rehash(b);
        Bundle.Discrepancy d = assertThrows(Bundle.Discrepancy.class, () -> Bundle.verify(b));
        assertEquals("verify: runs/quickstart/20261204T074723Z/summary.md is not what its run's raw files give"
                + " (carbonlab report regenerates it differently)", d.getMessage());

        Path other = Bundle.publish(RUNS.subList(1, 2), tmp.resolve("other"), List.of());
        Path trials = other.resolve("trials.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(trials));
        lines.set(1, lines.get(1).replaceFirst("^([^,]*),1,", "$1,one,")); // the trial number: an integer field
        Files.write(trials, lines);
        rehash(other);
        d = assertThrows(Bundle.Discrepancy.class, () -> Bundle.verify(other));
        assertEquals("verify: trials.csv row 1, trial: 'one' is not of type integer", d.getMessage());
    }

    @Test
    void theStandardValidatorsAcceptTheBundle() throws Exception {
        Path validators = Path.of("scripts/validators");
        boolean installed = Files.isDirectory(validators.resolve("node_modules/datapackage"))
                && Files.isDirectory(validators.resolve("node_modules/ro-crate"));
        if (!installed && "1".equals(System.getenv("CARBONLAB_FULL_TESTS"))) {
            throw new AssertionError("the npm validators are missing: npm ci --prefix scripts/validators"
                    + " (CARBONLAB_FULL_TESTS=1)");
        }
        Assumptions.assumeTrue(installed, "npm ci --prefix scripts/validators installs the validators");
        List<Path> runs = new java.util.ArrayList<>(RUNS.subList(0, 1));
        runs.add(unboundedRun()); // the quickstart with an unbounded interval in its tables
        Path b = Bundle.publish(runs, tmp.resolve("bundle"), List.of());
        Process p = new ProcessBuilder("node", validators.resolve("validate-bundle.js").toString(), b.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("valid: Data Package with 7 resources"), out);
        // and they refuse what they should: a value its schema does not allow
        Path trials = b.resolve("trials.csv");
        Files.writeString(trials, Files.readString(trials).replaceFirst("\n([^,]*),1,", "\n$1,one,"));
        Process q = new ProcessBuilder("node", validators.resolve("validate-bundle.js").toString(), b.toString())
                .redirectErrorStream(true).start();
        String bad = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(q.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, q.exitValue(), bad);
    }

    /** Rewrites SHA256SUMS for the bundle as it is now (a forger's move: the re-derivation must still catch it). */
    private static void rehash(Path b) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(b)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = b.relativize(p).toString();
                if (!rel.equals("SHA256SUMS")) {
                    sb.append(sha(p)).append("  ").append(rel).append('\n');
                }
            }
        }
        Files.writeString(b.resolve("SHA256SUMS"), sb.toString());
    }

    private static String sha(Path p) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
