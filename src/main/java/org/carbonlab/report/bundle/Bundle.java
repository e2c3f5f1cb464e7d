package org.carbonlab.report.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.util.UserException;
import org.carbonlab.report.study.RunOutput;
import org.carbonlab.report.study.StudyReport;

/**
 * A study published as one folder (or zip) that standard tools validate and anyone can re-derive: each run's raw
 * files and summaries under {@code runs/}, the trials of every run flattened into {@code trials.csv}, a Frictionless
 * Data Package ({@code datapackage.json}, a Table Schema for every CSV), an RO-Crate 1.1 ({@code
 * ro-crate-metadata.json}: each run a CreateAction whose instrument is carbonlab at its commit), {@code CITATION.cff},
 * {@code system.json} (every machine's hardware and software), a {@code README.md} whose methods paragraph states
 * what an energy report must (Henderson et al. 2020) from the manifests, and {@code SHA256SUMS}. {@link #verify}
 * checks the checksums and the schemas and re-derives every table from the raw files, byte for byte. The tables and
 * their schemas are {@link BundleTables}'; the citation, RO-Crate, system and README are {@link BundleMetadata}'.
 */
public final class Bundle {

    /** The JSON writer of a bundle's files. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A run's files that {@code carbonlab report} writes from the others. */
    static final List<String> DERIVED = RunOutput.files();

    /** A bundle that does not check out: the first discrepancy, in one line (the command exits 2). */
    public static final class Discrepancy extends UserException {
        private static final long serialVersionUID = 1L;

        Discrepancy(String message) {
            super("verify: " + message);
        }
    }

    private Bundle() {
    }

    /**
     * Publishes {@code runs} into {@code out}, a folder that must not exist yet (or be empty); {@code authors} are
     * the citation's (none: the citation says so). Returns the bundle's folder.
     */
    public static Path publish(List<Path> runs, Path out, List<String> authors) throws IOException {
        if (out.getFileName().toString().endsWith(".zip")) { // built in a folder of its own, then zipped
            if (Files.exists(out)) {
                throw new UserException(out + " already exists: a bundle is never written over");
            }
            Path stage = Files.createTempDirectory("carbonlab-publish-");
            try {
                publishFolder(runs, stage.resolve("bundle"), authors);
                zip(stage.resolve("bundle"), out);
            } finally {
                delete(stage);
            }
            return out;
        }
        return publishFolder(runs, out, authors);
    }

    private static Path publishFolder(List<Path> runs, Path out, List<String> authors) throws IOException {
        if (runs.isEmpty()) {
            throw new UserException("publish needs at least one run directory");
        }
        Map<String, Path> byPath = new TreeMap<>(); // in the bundle's order: runs/<study>/<run-id>
        Map<String, RunManifest> manifestOf = new TreeMap<>();
        for (Path r : runs) {
            RunFiles.requireRunDir(r);
            RunManifest m = RunManifest.read(r);
            if (byPath.put(runPath(m), r) != null) {
                throw new UserException("run " + m.study() + "/" + m.runId() + " is given twice");
            }
            manifestOf.put(runPath(m), m);
        }
        runs = List.copyOf(byPath.values());
        List<RunManifest> manifests = List.copyOf(manifestOf.values());
        if (Files.exists(out)) {
            boolean empty;
            try (Stream<Path> s = Files.isDirectory(out) ? Files.list(out) : Stream.of(out)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty) {
                throw new UserException(out + " already exists and is not empty: a bundle is never written over");
            }
        }
        Files.createDirectories(out);
        for (int i = 0; i < runs.size(); i++) {
            copyTree(runs.get(i), out.resolve(runPath(manifests.get(i))));
        }
        for (Map.Entry<String, String> t : BundleTables.flat(out).entrySet()) {
            Files.writeString(out.resolve(t.getKey()), t.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("system.json"), JSON.writeValueAsString(BundleMetadata.system(out, manifests))
                + "\n");
        Files.writeString(out.resolve("datapackage.json"), JSON.writeValueAsString(BundleTables.dataPackage(out,
                manifests)) + "\n");
        Files.writeString(out.resolve("ro-crate-metadata.json"), JSON.writeValueAsString(BundleMetadata.roCrate(out,
                manifests)) + "\n");
        Files.writeString(out.resolve("CITATION.cff"), BundleMetadata.citation(manifests, authors));
        Files.writeString(out.resolve("README.md"), BundleMetadata.readme(manifests));
        Files.writeString(out.resolve("SHA256SUMS"), checksums(out));
        return out;
    }

    /** Checks {@code bundle}: checksums, schemas, and every table re-derived; returns what was checked. */
    public static String verify(Path bundle) throws IOException {
        if (Files.isRegularFile(bundle) && bundle.getFileName().toString().endsWith(".zip")) {
            Path stage = Files.createTempDirectory("carbonlab-verify-zip-");
            try {
                unzip(bundle, stage);
                return verifyFolder(stage).replace(stage.toString(), bundle.toString());
            } finally {
                delete(stage);
            }
        }
        return verifyFolder(bundle);
    }

    private static String verifyFolder(Path bundle) throws IOException {
        if (!Files.isRegularFile(bundle.resolve("SHA256SUMS")) || !Files.isRegularFile(bundle.resolve(
                "datapackage.json"))) {
            throw new Discrepancy(bundle + " is not a carbonlab bundle (no SHA256SUMS or datapackage.json)");
        }
        Map<String, String> listed = new TreeMap<>();
        for (String line : Files.readAllLines(bundle.resolve("SHA256SUMS"))) {
            int sp = line.indexOf("  ");
            if (sp != 64) {
                throw new Discrepancy("SHA256SUMS: a line is not '<sha256>  <file>': " + line);
            }
            listed.put(line.substring(66), line.substring(0, 64));
        }
        Map<String, String> actual = hashes(bundle);
        for (Map.Entry<String, String> e : actual.entrySet()) {
            if (!listed.containsKey(e.getKey())) {
                throw new Discrepancy(e.getKey() + " is in the bundle but not in SHA256SUMS");
            }
            if (!listed.get(e.getKey()).equals(e.getValue())) {
                throw new Discrepancy(e.getKey() + ": its SHA-256 is " + e.getValue() + ", SHA256SUMS says "
                        + listed.get(e.getKey()));
            }
        }
        for (String f : listed.keySet()) {
            if (!actual.containsKey(f)) {
                throw new Discrepancy(f + " is listed in SHA256SUMS but missing");
            }
        }
        int tables = 0;
        for (com.fasterxml.jackson.databind.JsonNode r : JSON.readTree(bundle.resolve("datapackage.json").toFile())
                .path("resources")) {
            BundleTables.checkTable(bundle, r);
            tables++;
        }
        List<Path> runs = runs(bundle);
        for (Path run : runs) {
            rederive(bundle, run);
        }
        for (Map.Entry<String, String> t : BundleTables.flat(bundle).entrySet()) {
            if (!t.getValue().equals(Files.readString(bundle.resolve(t.getKey())))) {
                throw new Discrepancy(t.getKey() + " differs from the one re-derived from "
                        + BundleTables.FLAT.get(t.getKey()));
            }
        }
        return "verified " + bundle + ": " + actual.size() + " files against SHA256SUMS, " + tables + " tables against"
                + " their schemas, " + runs.size() + " runs' summaries, trials.csv, power.csv and channels.csv"
                + " re-derived from the raw files, byte for byte";
    }

    /** The run's summaries regenerated from a copy of its raw files must equal the bundled ones. */
    private static void rederive(Path bundle, Path run) throws IOException {
        Path tmp = Files.createTempDirectory("carbonlab-verify-");
        try {
            try (Stream<Path> s = Files.walk(run)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String rel = run.relativize(p).toString();
                    if (!DERIVED.contains(rel) && !rel.startsWith("charts/")) {
                        Path to = tmp.resolve(rel);
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to);
                    }
                }
            }
            StudyReport.write(tmp);
            for (String f : DERIVED) {
                if (Files.exists(run.resolve(f)) && !Files.readString(run.resolve(f)).equals(Files.readString(
                        tmp.resolve(f)))) {
                    throw new Discrepancy(bundle.relativize(run.resolve(f)) + " is not what its run's raw files give"
                            + " (carbonlab report regenerates it differently)");
                }
            }
        } finally {
            delete(tmp);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Zips the files under {@code dir} (paths relative to it, sorted) into {@code zip}. */
    private static void zip(Path dir, Path zip) throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(dir.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    /** Extracts {@code zip} into {@code dir}, refusing an entry that would land outside it. */
    private static void unzip(Path zip, Path dir) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = dir.resolve(e.getName()).normalize();
                if (!to.startsWith(dir)) {
                    throw new Discrepancy(zip + ": entry " + e.getName() + " points outside the bundle");
                }
                if (!e.isDirectory()) {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
        }
    }

    /** The run directories under {@code bundle}'s {@code runs/}, in path order. */
    static List<Path> runs(Path bundle) throws IOException {
        try (Stream<Path> s = Files.walk(bundle.resolve("runs"), 3)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(RunManifest.FILE))).sorted().toList();
        }
    }

    /** Where a run lies in a bundle: {@code runs/<study>/<run-id>}. */
    static String runPath(RunManifest m) {
        return "runs/" + m.study() + "/" + m.runId();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                Files.createDirectories(t.getParent());
                Files.copy(p, t);
            }
        }
    }

    static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }

    /** SHA-256 of every file under {@code dir} but SHA256SUMS, by relative path, sorted. */
    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals("SHA256SUMS")) {
                    out.put(rel, HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private static String checksums(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        hashes(dir).forEach((f, h) -> sb.append(h).append("  ").append(f).append('\n'));
        return sb.toString();
    }
}
