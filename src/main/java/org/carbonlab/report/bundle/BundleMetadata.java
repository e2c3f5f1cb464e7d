package org.carbonlab.report.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.util.Numbers;
import org.carbonlab.report.study.RunOutput;

/**
 * What a {@link Bundle} says about itself for readers and tools: {@code system.json} (every run's machine),
 * {@code ro-crate-metadata.json} (RO-Crate 1.1), {@code CITATION.cff} and the {@code README.md} with its methods
 * paragraph per run.
 */
final class BundleMetadata {

    private BundleMetadata() {
    }

    /** Every run's machine, and the cluster nodes its trials ran on where they were not that machine. */
    static ObjectNode system(Path out, List<RunManifest> manifests) throws IOException {
        ObjectNode root = Bundle.JSON.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        for (RunManifest m : manifests) {
            ObjectNode r = runs.addObject();
            r.put("run", m.study() + "/" + m.runId());
            r.set("hardware", Bundle.JSON.valueToTree(m.hardware()));
            r.set("software", Bundle.JSON.valueToTree(m.software()));
            r.set("git", Bundle.JSON.valueToTree(m.git()));
            r.set("power_sources", Bundle.JSON.valueToTree(m.powerSources()));
            ArrayNode nodes = r.putArray("nodes");
            RunFiles.lastRecords(out.resolve(Bundle.runPath(m))).stream().map(TrialRecord::node)
                    .filter(java.util.Objects::nonNull).map(n -> n.host() + " (" + n.hardware() + ")").distinct()
                    .sorted().forEach(nodes::add);
        }
        return root;
    }

    /** The RO-Crate 1.1 metadata: the bundle as a Dataset, each run a CreateAction of carbonlab at its commit. */
    static ObjectNode roCrate(Path out, List<RunManifest> manifests) throws IOException {
        ObjectNode root = Bundle.JSON.createObjectNode();
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
        List<String> files = new ArrayList<>(Bundle.hashes(out).keySet());
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
            action.put("@id", "#run-" + Bundle.slug(m.study() + "-" + m.runId()));
            action.put("@type", "CreateAction");
            action.put("name", "carbonlab run of " + m.study() + " (" + m.runId() + ")");
            action.putObject("instrument").put("@id", tool);
            action.putObject("object").put("@id", Bundle.runPath(m) + "/spec.yaml");
            ArrayNode result = action.putArray("result");
            List<String> produced = new java.util.ArrayList<>(List.of("trials.jsonl", "manifest.json"));
            produced.addAll(RunOutput.results(m.definition().tune().isPresent()));
            for (String f : produced) {
                result.addObject().put("@id", Bundle.runPath(m) + "/" + f);
            }
            action.put("description", "on " + m.hardware().cpu() + (m.hardware().identified() == null ? ""
                    : " (" + m.hardware().identified() + ")"));
        }
        return root;
    }

    static String citation(List<RunManifest> manifests, List<String> authors) {
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
    static String readme(List<RunManifest> manifests) {
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
                .append("| `ro-crate-metadata.json` | RO-Crate 1.1: each run a CreateAction of carbonlab at its"
                        + " commit |\n")
                .append("| `system.json` | hardware, software, commit and power sources of every run's machine |\n")
                .append("| `CITATION.cff` | how to cite this bundle |\n")
                .append("| `SHA256SUMS` | the SHA-256 of every other file (`sha256sum -c SHA256SUMS`) |\n\n");
        sb.append("## Methods\n\n");
        for (RunManifest m : manifests) {
            RunManifest.Hardware hw = m.hardware();
            RunManifest.Carbon c = m.carbon();
            org.carbonlab.results.StudyDefinition d = m.definition();
            org.carbonlab.results.StudyDefinition.Repetitions reps = d.repetitions();
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
                    .append(" (").append(c.pueSource()).append("). Design: ").append(reps.adaptive()
                            ? "adaptive repetitions " + reps.written() : reps.written() + " repetitions per variant").append(", order ")
                    .append(d.order().id()).append(", seeds from ").append(d.seed())
                    .append(", baseline ").append(d.baseline()).append(". Statistics: per variant the mean"
                            + " with its 95 % Student t interval; against the baseline, paired by block, the geometric"
                            + " mean of the per-block ratios with its 95 % t interval on the log ratios and the paired"
                            + " t-test (accuracies as differences in points), the unpaired ratio of means with Fieller's"
                            + " interval beside it, and the design's simulated coverage (summary.md).\n\n");
        }
        return sb.toString();
    }
}
