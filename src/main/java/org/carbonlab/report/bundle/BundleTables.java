package org.carbonlab.report.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.util.Csv;
import org.carbonlab.util.Numbers;
import org.carbonlab.report.study.StudyTable;

/**
 * The tables of a {@link Bundle}: every run's trials and power traces flattened ({@code trials.csv}, {@code
 * power.csv}, {@code channels.csv}), the Frictionless Data Package that gives each CSV its Table Schema, and the
 * check of a CSV against its schema.
 */
final class BundleTables {

    private BundleTables() {
    }

    /** The flattened tables, each with what it is re-derived from (for a discrepancy's message). */
    static final Map<String, String> FLAT = Map.of("trials.csv", "the runs' trials.jsonl", "power.csv",
            "the samples of the runs' power traces", "channels.csv", "the channels of the runs' power traces");

    /**
     * {@code trials.csv}, {@code power.csv} and {@code channels.csv} of the runs under {@code bundle}'s
     * {@code runs/}, in path order: what publish writes and verify re-derives.
     */
    static Map<String, String> flat(Path bundle) throws IOException {
        StringBuilder trials = new StringBuilder(String.join(",", TRIALS)).append('\n');
        for (Path run : Bundle.runs(bundle)) {
            trials.append(trialRows(run, RunManifest.read(run)));
        }
        String[] traces = traceTables(bundle);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("trials.csv", trials.toString());
        out.put("power.csv", traces[0]);
        out.put("channels.csv", traces[1]);
        return out;
    }

    /** The flattened trials' columns. */
    static final List<String> TRIALS = List.of("run", "trial", "id", "variant", "label", "repetition", "seed", "status",
            "reason", "started_utc", "wall_s", "exit_code", "energy_j", "energy_low_j", "energy_high_j", "provenance",
            "training_energy_j", "inference_energy_j", "test_accuracy", "startup_s", "startup_energy_j",
            "meter_cpu_s", "disturbed", "node");

    private static final Map<String, String> TRIAL_TYPES = fields(TRIALS, "string", "integer", "string", "string",
            "string", "integer", "integer", "string", "string", "string", "number", "integer", "number", "number",
            "number", "string", "number", "number", "number", "number", "number", "number", "boolean", "string");

    /** Every power trace's samples as one table: the run and trial, then the trace's columns. */
    private static final Map<String, String> POWER_TYPES = fields(List.of("run", "trial", "t_ns", "channel",
            "energy_j", "power_w", "epoch", "error"), "string", "string", "integer", "string", "number", "number",
            "integer", "string");

    /** Every trace's channels: what each measured, and how. */
    private static final Map<String, String> CHANNEL_TYPES = fields(List.of("run", "trial", "channel", "kind",
            "counter_provenance", "power_provenance", "in_total", "description"), "string", "string", "string",
            "string", "string", "string", "boolean", "string");

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

    /** A table's header must be its schema's fields, and every value must read as its field's type. */
    static void checkTable(Path bundle, com.fasterxml.jackson.databind.JsonNode resource) throws IOException {
        String path = resource.path("path").asText();
        List<String> fields = new ArrayList<>();
        List<String> types = new ArrayList<>();
        resource.path("schema").path("fields").forEach(f -> {
            fields.add(f.path("name").asText());
            types.add(f.path("type").asText());
        });
        List<String> lines = Files.readAllLines(bundle.resolve(path), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !Csv.split(lines.get(0)).equals(fields)) {
            throw new Bundle.Discrepancy(path + ": its header is not its schema's fields " + fields);
        }
        for (int i = 1; i < lines.size(); i++) {
            List<String> v = Csv.split(lines.get(i));
            if (v.size() != fields.size()) {
                throw new Bundle.Discrepancy(path + " row " + i + ": " + v.size() + " values for " + fields.size()
                        + " fields");
            }
            for (int j = 0; j < v.size(); j++) {
                if (!valid(v.get(j), types.get(j))) {
                    throw new Bundle.Discrepancy(path + " row " + i + ", " + fields.get(j) + ": '" + v.get(j)
                            + "' is not"
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

    /** The trials of the run in {@code run} as rows of {@code trials.csv} (its last record per trial). */
    private static String trialRows(Path run, RunManifest m) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<TrialRecord> records = new ArrayList<>(RunFiles.lastRecords(run));
        records.sort(java.util.Comparator.comparingInt(TrialRecord::trial));
        for (TrialRecord t : records) {
            List<String> row = List.of(m.study() + "/" + m.runId(), Integer.toString(t.trial()), t.id(), t.variant(),
                    StudyTable.shortLabel(m, t.variant()).equals(t.variant()) ? "" : StudyTable.shortLabel(m,
                            t.variant()),
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

    /** The Data Package: {@code trials.csv}, and each run's summary, emissions and power traces, with schemas. */
    static ObjectNode dataPackage(Path out, List<RunManifest> manifests) throws IOException {
        ObjectNode p = Bundle.JSON.createObjectNode();
        p.put("profile", "tabular-data-package");
        p.put("name", Bundle.slug("carbonlab-" + String.join("-", manifests.stream().map(RunManifest::study).distinct()
                .toList())));
        p.put("title", "carbonlab: " + String.join(", ", manifests.stream().map(m -> m.study() + " " + m.runId())
                .toList()));
        ArrayNode res = p.putArray("resources");
        res.add(resource("trials", "trials.csv", TRIAL_TYPES));
        for (RunManifest m : manifests) {
            String base = Bundle.runPath(m);
            String slug = Bundle.slug(m.study() + "-" + m.runId());
            res.add(resource(slug + "-summary", base + "/summary.csv", types(out.resolve(base + "/summary.csv"),
                    Map.of("variant", "string", "metric", "string", "unit", "string", "n", "integer",
                            "comparison", "string", "interval", "string", "n_for_5pct", "integer",
                            "interval_note", "string"))));
            res.add(resource(slug + "-emissions", base + "/emissions.csv", types(out.resolve(base
                    + "/emissions.csv"), EMISSIONS_STRINGS)));
        }
        res.add(resource("power", "power.csv", POWER_TYPES));
        res.add(resource("channels", "channels.csv", CHANNEL_TYPES));
        return p;
    }

    /**
     * The traces of the bundled runs as {@code power.csv} (their samples) and {@code channels.csv} (their {@code #
     * channel} lines), in run and trial order: the raw traces stay as they are under {@code runs/}.
     */
    private static String[] traceTables(Path bundle) throws IOException {
        StringBuilder power = new StringBuilder(String.join(",", POWER_TYPES.keySet())).append('\n');
        StringBuilder channels = new StringBuilder(String.join(",", CHANNEL_TYPES.keySet())).append('\n');
        for (Path run : Bundle.runs(bundle)) {
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
        ObjectNode r = Bundle.JSON.createObjectNode();
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
}
