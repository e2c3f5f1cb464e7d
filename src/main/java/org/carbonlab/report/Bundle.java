package org.carbonlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.util.Csv;
import org.carbonlab.util.Numbers;
import org.carbonlab.util.UserException;

/**
 * A study published as one folder (or zip) that standard tools validate and anyone can re-derive: each run's raw
 * files and summaries under {@code runs/}, the trials of every run flattened into {@code trials.csv}, a Frictionless
 * Data Package ({@code datapackage.json}, a Table Schema for every CSV), an RO-Crate 1.1 ({@code
 * ro-crate-metadata.json}: each run a CreateAction whose instrument is carbonlab at its commit), {@code CITATION.cff},
 * {@code system.json} (every machine's hardware and software), a {@code README.md} whose methods paragraph states
 * what an energy report must (Henderson et al. 2020) from the manifests, and {@code SHA256SUMS}. {@link #verify}
 * checks the checksums and the schemas and re-derives every table from the raw files, byte for byte.
 */
public final class Bundle {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A run's files that {@code carbonlab report} writes from the others. */
    static final List<String> DERIVED = List.of("summary.md", "summary.csv", "summary.json", "emissions.csv",
            "report.html", Findings.FOREST);
    /** The flattened trials' columns. */
    static final List<String> TRIALS = List.of("run", "trial", "id", "variant", "label", "repetition", "seed", "status",
            "reason", "started_utc", "wall_s", "exit_code", "energy_j", "energy_low_j", "energy_high_j", "provenance",
            "training_energy_j", "inference_energy_j", "test_accuracy", "startup_s", "startup_energy_j",
            "meter_cpu_s", "disturbed", "node");
    private static final Map<String, String> TRIAL_TYPES = fields(TRIALS, "string", "integer", "string", "string",
            "string", "integer", "integer", "string", "string", "string", "number", "integer", "number", "number",
            "number", "string", "number", "number", "number", "number", "number", "number", "boolean", "string");

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
        StringBuilder trials = new StringBuilder(String.join(",", TRIALS)).append('\n');
        for (int i = 0; i < runs.size(); i++) {
            RunManifest m = manifests.get(i);
            Path to = out.resolve(runPath(m));
            copyTree(runs.get(i), to);
            trials.append(trialRows(to, m));
        }
        Files.writeString(out.resolve("trials.csv"), trials.toString(), StandardCharsets.UTF_8);
        String[] traces = traceTables(out);
        Files.writeString(out.resolve("power.csv"), traces[0], StandardCharsets.UTF_8);
        Files.writeString(out.resolve("channels.csv"), traces[1], StandardCharsets.UTF_8);
        Files.writeString(out.resolve("system.json"), JSON.writeValueAsString(system(out, manifests)) + "\n");
        Files.writeString(out.resolve("datapackage.json"), JSON.writeValueAsString(dataPackage(out, manifests)) + "\n");
        Files.writeString(out.resolve("ro-crate-metadata.json"), JSON.writeValueAsString(roCrate(out, manifests))
                + "\n");
        Files.writeString(out.resolve("CITATION.cff"), citation(manifests, authors));
        Files.writeString(out.resolve("README.md"), readme(manifests));
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
            checkTable(bundle, r);
            tables++;
        }
        int runs = 0;
        StringBuilder trials = new StringBuilder(String.join(",", TRIALS)).append('\n');
        try (Stream<Path> s = Files.walk(bundle.resolve("runs"), 3)) {
            for (Path run : s.filter(p -> Files.isRegularFile(p.resolve(RunManifest.FILE))).sorted().toList()) {
                rederive(bundle, run);
                trials.append(trialRows(run, RunManifest.read(run)));
                runs++;
            }
        }
        if (!trials.toString().equals(Files.readString(bundle.resolve("trials.csv")))) {
            throw new Discrepancy("trials.csv differs from the trials re-derived from the runs' trials.jsonl");
        }
        String[] traces = traceTables(bundle);
        if (!traces[0].equals(Files.readString(bundle.resolve("power.csv")))) {
            throw new Discrepancy("power.csv differs from the samples of the runs' power traces");
        }
        if (!traces[1].equals(Files.readString(bundle.resolve("channels.csv")))) {
            throw new Discrepancy("channels.csv differs from the channels of the runs' power traces");
        }
        return "verified " + bundle + ": " + actual.size() + " files against SHA256SUMS, " + tables + " tables against"
                + " their schemas, " + runs + " runs' summaries, trials.csv, power.csv and channels.csv re-derived from the"
                + " raw files, byte for"
                + " byte";
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
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> s = Files.walk(dir)) {
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

    /** A table's header must be its schema's fields, and every value must read as its field's type. */
    private static void checkTable(Path bundle, com.fasterxml.jackson.databind.JsonNode resource) throws IOException {
        String path = resource.path("path").asText();
        List<String> fields = new ArrayList<>();
        List<String> types = new ArrayList<>();
        resource.path("schema").path("fields").forEach(f -> {
            fields.add(f.path("name").asText());
            types.add(f.path("type").asText());
        });
        List<String> lines = Files.readAllLines(bundle.resolve(path), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !Csv.split(lines.get(0)).equals(fields)) {
            throw new Discrepancy(path + ": its header is not its schema's fields " + fields);
        }
        for (int i = 1; i < lines.size(); i++) {
            List<String> v = Csv.split(lines.get(i));
            if (v.size() != fields.size()) {
                throw new Discrepancy(path + " row " + i + ": " + v.size() + " values for " + fields.size()
                        + " fields");
            }
            for (int j = 0; j < v.size(); j++) {
                if (!valid(v.get(j), types.get(j))) {
                    throw new Discrepancy(path + " row " + i + ", " + fields.get(j) + ": '" + v.get(j) + "' is not"
                            + " of type " + types.get(j));
                }
            }
        }
    }

    private static boolean valid(String v, String type) {
        if (v.isEmpty()) {
            return true; // Table Schema's default missing value
        }
        try {
            switch (type) {
                case "integer" -> Long.parseLong(v);
                case "number" -> {
                    if (!v.equals("NaN") && !v.equals("INF") && !v.equals("-INF")) {
                        Double.parseDouble(v);
                    }
                }
                case "boolean" -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        return false;
                    }
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String runPath(RunManifest m) {
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

    /** The trials of the run in {@code run} as rows of {@code trials.csv} (its last record per trial). */
    private static String trialRows(Path run, RunManifest m) throws IOException {
        StudyTable.Context c = StudyTable.Context.of(m);
        StringBuilder sb = new StringBuilder();
        List<TrialRecord> records = new ArrayList<>(RunFiles.lastRecords(run));
        records.sort(java.util.Comparator.comparingInt(TrialRecord::trial));
        for (TrialRecord t : records) {
            List<String> row = List.of(m.study() + "/" + m.runId(), Integer.toString(t.trial()), t.id(), t.variant(),
                    c.shortLabel(t.variant()).equals(t.variant()) ? "" : c.shortLabel(t.variant()),
                    Integer.toString(t.repetition()), Long.toString(t.seed()), t.status().toString(),
                    nullable(t.reason()), nullable(t.startedUtc()), num(t.wallSeconds()),
                    t.exitCode() == null ? "" : t.exitCode().toString(), num(t.energyJ()),
                    t.energyBand() == null ? "" : num(t.energyBand().lowJ()),
                    t.energyBand() == null ? "" : num(t.energyBand().highJ()),
                    t.provenance() == null ? "" : t.provenance().toString(), num(t.trainingEnergyJ()),
                    num(t.inferenceEnergyJ()), t.outcome() == null ? "" : num(t.outcome().testAccuracy()),
                    t.startup() == null ? "" : num(t.startup().seconds()),
                    t.startup() == null ? "" : num(t.startup().energyJ()),
                    t.meter() == null ? "" : num(t.meter().cpuSeconds()),
                    t.disturbance() == null ? "" : Boolean.toString(t.disturbance().disturbed()),
                    t.node() == null ? "" : t.node().host() + " (" + t.node().hardware() + ")");
            sb.append(String.join(",", row.stream().map(Csv::field).toList())).append('\n');
        }
        return sb.toString();
    }

    private static String nullable(String s) {
        return s == null ? "" : s;
    }

    private static String num(Double d) {
        return d == null || !Double.isFinite(d) ? "" : Numbers.machine(d);
    }

    /** Every run's machine, and the cluster nodes its trials ran on where they were not that machine. */
    private static ObjectNode system(Path out, List<RunManifest> manifests) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        for (RunManifest m : manifests) {
            ObjectNode r = runs.addObject();
            r.put("run", m.study() + "/" + m.runId());
            r.set("hardware", JSON.valueToTree(m.hardware()));
            r.set("software", JSON.valueToTree(m.software()));
            r.set("git", JSON.valueToTree(m.git()));
            r.set("power_sources", JSON.valueToTree(m.powerSources()));
            ArrayNode nodes = r.putArray("nodes");
            RunFiles.lastRecords(out.resolve(runPath(m))).stream().map(TrialRecord::node)
                    .filter(java.util.Objects::nonNull).map(n -> n.host() + " (" + n.hardware() + ")").distinct()
                    .sorted().forEach(nodes::add);
        }
        return root;
    }

    /** The Data Package: {@code trials.csv}, and each run's summary, emissions and power traces, with schemas. */
    private static ObjectNode dataPackage(Path out, List<RunManifest> manifests) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        p.put("profile", "tabular-data-package");
        p.put("name", slug("carbonlab-" + String.join("-", manifests.stream().map(RunManifest::study).distinct()
                .toList())));
        p.put("title", "carbonlab: " + String.join(", ", manifests.stream().map(m -> m.study() + " " + m.runId())
                .toList()));
        ArrayNode res = p.putArray("resources");
        res.add(resource("trials", "trials.csv", TRIAL_TYPES));
        for (RunManifest m : manifests) {
            String base = runPath(m);
            String slug = slug(m.study() + "-" + m.runId());
            res.add(resource(slug + "-summary", base + "/summary.csv", types(out.resolve(base + "/summary.csv"),
                    Map.of("variant", "string", "metric", "string", "unit", "string", "n", "integer",
                            "n_for_5pct", "integer"))));
            res.add(resource(slug + "-emissions", base + "/emissions.csv", types(out.resolve(base
                    + "/emissions.csv"), EMISSIONS_STRINGS)));
        }
        res.add(resource("power", "power.csv", POWER_TYPES));
        res.add(resource("channels", "channels.csv", CHANNEL_TYPES));
        return p;
    }

    /** Every power trace's samples as one table: the run and trial, then the trace's columns. */
    private static final Map<String, String> POWER_TYPES = fields(List.of("run", "trial", "t_ns", "channel",
            "energy_j", "power_w", "epoch", "error"), "string", "string", "integer", "string", "number", "number",
            "integer", "string");
    /** Every trace's channels: what each measured, and how. */
    private static final Map<String, String> CHANNEL_TYPES = fields(List.of("run", "trial", "channel", "kind",
            "counter_provenance", "power_provenance", "in_total", "description"), "string", "string", "string",
            "string", "string", "string", "boolean", "string");

    /**
     * The traces of the bundled runs as {@code power.csv} (their samples) and {@code channels.csv} (their {@code #
     * channel} lines), in run and trial order: the raw traces stay as they are under {@code runs/}.
     */
    private static String[] traceTables(Path bundle) throws IOException {
        StringBuilder power = new StringBuilder(String.join(",", POWER_TYPES.keySet())).append('\n');
        StringBuilder channels = new StringBuilder(String.join(",", CHANNEL_TYPES.keySet())).append('\n');
        List<Path> runs;
        try (Stream<Path> s = Files.walk(bundle.resolve("runs"), 3)) {
            runs = s.filter(p -> Files.isRegularFile(p.resolve(RunManifest.FILE))).sorted().toList();
        }
        for (Path run : runs) {
            String id = bundle.resolve("runs").relativize(run).toString().replace('\\', '/');
            if (!Files.isDirectory(run.resolve("power"))) {
                continue;
            }
            List<Path> traces;
            try (Stream<Path> s = Files.list(run.resolve("power"))) {
                traces = s.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
            }
            for (Path trace : traces) {
                String trial = trace.getFileName().toString().replace(".csv", "");
                String prefix = Csv.field(id) + "," + Csv.field(trial) + ",";
                for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
                    if (line.startsWith("# channel,")) {
                        List<String> f = Csv.split(line.substring("# channel,".length()));
                        channels.append(prefix).append(String.join(",", f.stream().map(Csv::field).toList()))
                                .append('\n');
                    } else if (!line.startsWith("#") && !line.equals(org.carbonlab.power.PowerTrace.HEADER)
                            && !line.isBlank()) {
                        power.append(prefix).append(line).append('\n');
                    }
                }
            }
        }
        return new String[] {power.toString(), channels.toString()};
    }

    /** CodeCarbon's text columns (and the band's basis); every other column of emissions.csv is a number. */
    private static final Map<String, String> EMISSIONS_STRINGS = Map.ofEntries(Map.entry("timestamp", "string"),
            Map.entry("project_name", "string"), Map.entry("run_id", "string"), Map.entry("experiment_id", "string"),
            Map.entry("country_name", "string"), Map.entry("country_iso_code", "string"),
            Map.entry("region", "string"), Map.entry("cloud_provider", "string"), Map.entry("cloud_region", "string"),
            Map.entry("os", "string"), Map.entry("python_version", "string"),
            Map.entry("codecarbon_version", "string"), Map.entry("cpu_model", "string"),
            Map.entry("gpu_model", "string"), Map.entry("tracking_mode", "string"), Map.entry("on_cloud", "string"),
            Map.entry("cpu_count", "integer"), Map.entry("gpu_count", "integer"),
            Map.entry("estimate_band", "string"));

    /** A CSV's header as fields: the named ones with their type, every other one a number. */
    private static Map<String, String> types(Path csv, Map<String, String> named) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
        for (String f : Csv.split(header)) {
            out.put(f, named.getOrDefault(f, "number"));
        }
        return out;
    }

    /** {@code names} as fields with {@code types}, in order. */
    private static Map<String, String> fields(List<String> names, String... types) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), types[i]);
        }
        return out;
    }

    private static ObjectNode resource(String name, String path, Map<String, String> fields) {
        ObjectNode r = JSON.createObjectNode();
        r.put("name", name);
        r.put("path", path);
        r.put("profile", "tabular-data-resource");
        r.put("format", "csv");
        r.put("mediatype", "text/csv");
        r.put("encoding", "utf-8");
        ObjectNode schema = r.putObject("schema");
        ArrayNode f = schema.putArray("fields");
        fields.forEach((n, t) -> f.addObject().put("name", n).put("type", t));
        schema.putArray("missingValues").add("");
        return r;
    }

    private static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }

    /** The RO-Crate 1.1 metadata: the bundle as a Dataset, each run a CreateAction of carbonlab at its commit. */
    private static ObjectNode roCrate(Path out, List<RunManifest> manifests) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("@context", "https://w3id.org/ro/crate/1.1/context");
        ArrayNode graph = root.putArray("@graph");
        ObjectNode meta = graph.addObject();
        meta.put("@id", "ro-crate-metadata.json");
        meta.put("@type", "CreativeWork");
        meta.putObject("conformsTo").put("@id", "https://w3id.org/ro/crate/1.1");
        meta.putObject("about").put("@id", "./");
        ObjectNode dataset = graph.addObject();
        dataset.put("@id", "./");
        dataset.put("@type", "Dataset");
        dataset.put("name", "carbonlab study bundle: " + String.join(", ", manifests.stream()
                .map(m -> m.study() + " " + m.runId()).toList()));
        dataset.put("description", "Energy and CO2e of training runs measured or estimated by carbonlab, with the raw"
                + " records, traces and summaries; see README.md");
        dataset.put("datePublished", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        dataset.putObject("license").put("@id", "https://creativecommons.org/licenses/by/4.0/");
        ArrayNode parts = dataset.putArray("hasPart");
        List<String> files = new ArrayList<>(hashes(out).keySet());
        files.add("SHA256SUMS");
        files.sort(null);
        for (String f : files) {
            if (f.equals("ro-crate-metadata.json")) {
                continue;
            }
            parts.addObject().put("@id", f);
            ObjectNode file = graph.addObject();
            file.put("@id", f);
            file.put("@type", "File");
            file.put("name", f.substring(f.lastIndexOf('/') + 1));
        }
        List<String> tools = new ArrayList<>();
        for (RunManifest m : manifests) {
            String tool = "#carbonlab-" + m.git().commit();
            if (!tools.contains(tool)) {
                tools.add(tool);
                ObjectNode app = graph.addObject();
                app.put("@id", tool);
                app.put("@type", "SoftwareApplication");
                app.put("name", "carbonlab");
                app.put("version", m.software().carbonlab() + " (git " + m.git().commit() + ")");
            }
            ObjectNode action = graph.addObject();
            action.put("@id", "#run-" + slug(m.study() + "-" + m.runId()));
            action.put("@type", "CreateAction");
            action.put("name", "carbonlab run of " + m.study() + " (" + m.runId() + ")");
            action.putObject("instrument").put("@id", tool);
            action.putObject("object").put("@id", runPath(m) + "/spec.yaml");
            ArrayNode result = action.putArray("result");
            for (String f : List.of("trials.jsonl", "manifest.json", "summary.md", "summary.json", "summary.csv",
                    "emissions.csv")) {
                result.addObject().put("@id", runPath(m) + "/" + f);
            }
            action.put("description", "on " + m.hardware().cpu() + (m.hardware().identified() == null ? ""
                    : " (" + m.hardware().identified() + ")"));
        }
        return root;
    }

    private static String citation(List<RunManifest> manifests, List<String> authors) {
        StringBuilder sb = new StringBuilder("cff-version: 1.2.0\nmessage: \"If you use these results, cite them as"
                + " below.\"\ntype: dataset\ntitle: \"carbonlab study bundle: " + String.join(", ", manifests.stream()
                .map(m -> m.study() + " " + m.runId()).toList()) + "\"\nauthors:\n");
        if (authors.isEmpty()) {
            sb.append("  - name: \"carbonlab (no author given: publish --author NAME)\"\n");
        }
        for (String a : authors) {
            sb.append("  - name: \"").append(a.replace("\"", "'")).append("\"\n");
        }
        return sb.append("date-released: ").append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                .append("\nlicense: CC-BY-4.0\nkeywords:\n  - energy\n  - carbon footprint\n  - machine learning\n")
                .append("version: \"carbonlab ").append(manifests.get(0).software().carbonlab()).append(", git ")
                .append(manifests.get(0).git().commit()).append("\"\n").toString();
    }

    /** The bundle's README: what it holds, file by file, and a methods paragraph per run from its manifest. */
    private static String readme(List<RunManifest> manifests) {
        StringBuilder sb = new StringBuilder("# carbonlab study bundle\n\n");
        sb.append("Published by `carbonlab publish`; check it with `carbonlab verify THIS_FOLDER` (checksums, schemas,"
                + " and every table re-derived from the raw files, byte for byte). Cite it with `CITATION.cff`.\n\n");
        sb.append("## Files\n\n| file | what it is |\n|---|---|\n")
                .append("| `runs/<study>/<run>/` | each run as carbonlab wrote it: `spec.yaml`, `manifest.json`,"
                        + " `trials.jsonl` (one line per trial), `power/<trial>.csv` (power traces), `logs/`, and the"
                        + " summaries carbonlab derived from them (`summary.md/.csv/.json`, `emissions.csv`,"
                        + " `report.html`, `charts/`) |\n")
                .append("| `trials.csv` | every run's trials flattened, one row per trial (its last record) |\n")
                .append("| `power.csv`, `channels.csv` | every power trace's samples in one table, and what each"
                        + " channel is (the raw traces stay under `runs/`) |\n")
                .append("| `datapackage.json` | a Frictionless Tabular Data Package: a Table Schema for every CSV |\n")
                .append("| `ro-crate-metadata.json` | RO-Crate 1.1: each run a CreateAction of carbonlab at its commit |\n")
                .append("| `system.json` | hardware, software, commit and power sources of every run's machine |\n")
                .append("| `CITATION.cff` | how to cite this bundle |\n")
                .append("| `SHA256SUMS` | the SHA-256 of every other file (`sha256sum -c SHA256SUMS`) |\n\n");
        sb.append("## Methods\n\n");
        for (RunManifest m : manifests) {
            RunManifest.Hardware hw = m.hardware();
            RunManifest.Carbon c = m.carbon();
            Object reps = m.specValue("repetitions");
            sb.append("**").append(m.study()).append(", run ").append(m.runId()).append("**. Hardware: ")
                    .append(hw.cpu()).append(hw.identified() == null ? "" : " (" + hw.identified() + ")").append(", ")
                    .append(hw.logicalCpus()).append(" logical CPUs, ").append(hw.memoryGib()).append(" GiB; GPU: ")
                    .append(hw.gpu()).append("; ").append(hw.os()).append(". Software: carbonlab ")
                    .append(m.software().carbonlab()).append(" at git ").append(m.git().commit())
                    .append(Boolean.TRUE.equals(m.git().dirty()) ? " (uncommitted changes)" : "").append(", ")
                    .append(m.software().jvm()).append(", ").append(m.software().engine()).append(". Energy: ")
                    .append(String.join("; ", m.powerSources().stream().filter(s -> s.available())
                            .map(s -> s.source() + " (" + s.detail() + ")").toList()))
                    .append("; each figure's provenance (measured or estimated, and how) is in trials.jsonl and the"
                            + " summaries. Carbon: ").append(Numbers.people(c.intensityGPerKwh()))
                    .append(" g CO2e/kWh (").append(c.provenance()).append("), PUE ").append(Numbers.people(c.pue()))
                    .append(" (").append(c.pueSource()).append("). Design: ").append(reps instanceof Map
                            ? "adaptive repetitions " + reps : reps + " repetitions per variant").append(", order ")
                    .append(m.specValue("order")).append(", seeds from ").append(m.specValue("seed"))
                    .append(", baseline ").append(m.specValue("baseline")).append(". Statistics: per variant the mean"
                            + " with its 95 % Student t interval; against the baseline the ratio of means with its"
                            + " 95 % Fieller interval and Welch's t-test (summary.md).\n\n");
        }
        return sb.toString();
    }

    /** SHA-256 of every file under {@code dir} but SHA256SUMS, by relative path, sorted. */
    private static Map<String, String> hashes(Path dir) throws IOException {
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
