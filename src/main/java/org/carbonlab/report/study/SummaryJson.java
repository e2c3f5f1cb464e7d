package org.carbonlab.report.study;

import org.carbonlab.stats.Interval;
import org.carbonlab.results.Json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;

/** {@code summary.json}: the {@link StudyTable} for programs, unknown numbers as null. */
final class SummaryJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    static String render(StudyTable t) throws IOException {
        return render(t, DesignReport.of(t, SpreadReport.NONE));
    }

    /** A comparison with the baseline: the paired estimate and interval, p, the unpaired figure and the notes. */
    private static void againstBaseline(ObjectNode ko, Comparison k) {
        ko.put("comparison", k.scale().name().toLowerCase(java.util.Locale.ROOT));
        Json.put(ko, "estimate", k.interval().estimate());
        Json.put(ko, "ci95_low", k.interval().low());
        Json.put(ko, "ci95_high", k.interval().high());
        ko.put("interval", k.method());
        Json.put(ko, "p", k.p());
        Json.put(ko, "unpaired_estimate", k.unpaired().estimate());
        Json.put(ko, "unpaired_ci95_low", k.unpaired().low());
        Json.put(ko, "unpaired_ci95_high", k.unpaired().high());
        ko.put("n_for_5pct", k.nFor5Pct());
        if (!k.missing().isEmpty()) {
            ko.put("interval_note", k.missing());
        }
        ArrayNode notes = ko.putArray("notes");
        k.notes().forEach(notes::add);
    }

    /**
     * The summary; {@code design}: how conclusive the study is (runs with a design get a "design") and where its
     * spread comes from (runs with marked traces get a "variance_budget").
     */
    static String render(StudyTable t, DesignReport design) throws IOException {
        SpreadReport spread = design.spread();
        StudyTable.Context c = t.context();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "carbonlab-summary-v1");
        root.put("study", c.study());
        root.put("run_id", c.runId());
        root.put("baseline", c.baseline());
        StudyTable.Counts n = t.counts();
        ObjectNode counts = root.putObject("trials");
        counts.put("planned", n.planned());
        counts.put("ok", n.ok());
        counts.put("failed", n.failed());
        counts.put("interrupted", n.interrupted());
        counts.put("not_run", n.notRun());
        if (n.timedOut() > 0) {
            counts.put("timed_out", n.timedOut());
        }
        root.put("energy_provenance", t.provenance());
        root.put("intensity_g_per_kwh", c.intensityGPerKwh());
        root.put("pue", c.pue());
        ArrayNode vs = root.putArray("variants");
        for (String v : c.variants()) {
            ObjectNode vo = vs.addObject();
            vo.put("variant", v);
            Optional<Interval> band = StudyTable.bandFactors(t.trials(), v);
            ObjectNode ms = vo.putObject("metrics");
            for (StudyTable.Metric m : t.metrics()) {
                StudyTable.Cell cell = t.cell(v, m);
                Summary s = cell.summary();
                if (s.n() == 0) {
                    continue;
                }
                ObjectNode mo = ms.putObject(m.id());
                mo.put("unit", m.unit());
                mo.put("n", s.n());
                Json.put(mo, "mean", s.mean());
                Json.put(mo, "sd", s.sd());
                Json.put(mo, "ci95_low", s.ciLow());
                Json.put(mo, "ci95_high", s.ciHigh());
                if (band.isPresent() && StudyTable.scalesWithEnergy(m)) { // the estimate's band
                    Json.put(mo, "estimate_band_low", s.mean() * band.get().low());
                    Json.put(mo, "estimate_band_high", s.mean() * band.get().high());
                }
                Comparison k = cell.vsBaseline();
                if (k != null) {
                    againstBaseline(mo.putObject("against_baseline"), k);
                }
            }
        }
        t.trials().stream().filter(r -> r.ok() && r.energyBand() != null).findFirst().ifPresent(r ->
                root.put("estimate_band", r.energyBand().basis()));
        design.json().ifPresent(d -> root.set("design", JSON.valueToTree(d)));
        if (spread.any()) {
            root.set("variance_budget", JSON.valueToTree(spread.json()));
        }
        return JSON.writeValueAsString(root) + "\n";
    }
}
