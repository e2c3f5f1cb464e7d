package org.carbonlab.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.results.Json;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.util.Csv;
import org.junit.jupiter.api.Test;

/** One table, many renderers: each output of a tiny study (two variants, two trials each) says the same numbers. */
class StudyTableTest {

    private static TrialRecord trial(int n, String variant, double joules, double accuracy, String kind) {
        org.carbonlab.power.ProvenanceSet tdp = org.carbonlab.power.ProvenanceSet.parse("estimated:tdp-model");
        return new TrialRecord(new TrialRecord.Slot(n, String.format("t%03d", n), variant, (n + 1) / 2, (n + 1) / 2),
                new TrialRecord.Ending(TrialStatus.OK, null, "2026-12-01T00:00:0" + n + ".5Z", 10, 0),
                new TrialRecord.Energies(joules, tdp, List.of(new TrialRecord.Device("x:" + kind, kind, true, joules,
                        tdp, 1.0, null)), joules * 0.8, List.of(joules * 0.8), joules * 0.1),
                outcome(accuracy, 2, "bundled"), TrialRecord.Context.NONE);
    }

    /** A DJL cnn's fp32 outcome of one epoch of {@code seconds}. */
    static TrialOutcome outcome(double accuracy, double seconds, String data) {
        return new TrialOutcome(new TrialOutcome.Trained("cnn", 421_642L, "fp32"), new TrialOutcome.Learning(
                List.of(new TrialOutcome.Epoch(1, 0.5, accuracy, seconds)), accuracy, false, null),
                new TrialOutcome.Work(1000, 8L, null, null, List.of("float32"), 1.0, false, 2),
                new TrialOutcome.Origin("0.36.0", "PyTorch 2.7.1", data, null, null, null));
    }

    private static StudyTable tiny() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", "tiny");
        spec.put("baseline", "a");
        spec.put("carbon", Map.of());
        RunManifest m = new RunManifest(RunManifest.FORMAT, "tiny", "r1", "tiny.yaml", org.carbonlab.results.StudyDefinition.of(spec),
                List.of(new RunManifest.PlannedTrial(1, "t001", "a", 1, 1),
                        new RunManifest.PlannedTrial(2, "t002", "b", 1, 1),
                        new RunManifest.PlannedTrial(3, "t003", "a", 2, 2),
                        new RunManifest.PlannedTrial(4, "t004", "b", 2, 2)),
                new RunManifest.Git("abc", false), new RunManifest.Software("1", "jvm", "0.36.0", "engine", 2, null),
                new RunManifest.Hardware("cpu", "avx2", 2, 8.0, "none found by NVML", "Linux"), List.of(),
                new RunManifest.Idle(0, null), new RunManifest.Carbon(100, "SE3", 2024, "test", 1.5, "user", "v1",
                        List.of(), false, null), null, null);
        // b uses about twice a's energy; a's trials 100 and 120 J, b's 200 and 250 J (one on the PLATFORM channel);
        // block ratios 2 and 2.083 (two equal ratios would be no evidence of their spread)
        return StudyTable.of(m, List.of(trial(1, "a", 100, 0.8, "CPU"), trial(2, "b", 200, 0.9, "CPU"),
                trial(3, "a", 120, 0.8, "CPU"), trial(4, "b", 250, 0.9, "PLATFORM")), Optional.empty());
    }

    @Test
    void variantsOnOtherHardwareGetBothBandsInTheirEnergyRatio() {
        StudyTable base = tiny();
        List<TrialRecord> banded = new java.util.ArrayList<>();
        // a on a Zen 3 VM (band [0.9, 1.7]), b on a Zen 5 VM (band [0.8, 1.5]): both CPUs call themselves "AMD EPYC"
        String zen3 = "AMD Zen 3 (EPYC 7003 generation (Milan)), KVM (kvm-clock), 2 vCPUs";
        String zen5 = "AMD Zen 5 (EPYC 9005 generation (Turin)), KVM (kvm-clock), 2 vCPUs";
        for (TrialRecord r : base.trials()) {
            boolean a = r.variant().equals("a");
            banded.add(r.with(r.context().withEnergyBand(new TrialRecord.EnergyBand(r.energyJ() * (a ? 0.9 : 0.8),
                    r.energyJ() * (a ? 1.7 : 1.5), a ? "SPECpower, Zen 3 row" : "SPECpower, Zen 5 row"))
                    .withNode(new org.carbonlab.results.NodeInfo("h", "AMD EPYC", null, List.of(), null, null, null,
                            null, null, null, a ? zen3 : zen5))));
        }
        StudyTable t = StudyTable.of(base.context().manifest(), banded, Optional.empty());
        StudyTable.Metric energy = t.metrics().get(0);
        org.carbonlab.stats.Comparison k = t.cell("b", energy).vsBaseline();
        String note = SummaryMarkdown.acrossHardware(t.trials(), "a", "b", energy, k);
        assertTrue(note.startsWith("b, energy per trial: ran on other hardware than the baseline (AMD EPYC (" + zen5
                + "), no GPU against AMD EPYC (" + zen3 + "), no GPU)"), note);
        assertTrue(note.endsWith("[" + org.carbonlab.util.Numbers.people(k.interval().low() * 0.8 / 1.7) + ", "
                + org.carbonlab.util.Numbers.people(k.interval().high() * 1.5 / 0.9) + "]"), note);
        assertTrue(note.contains("worst case"), note);
        // both sides priced by one model row: its scale cancels in the ratio, which gets no band
        List<TrialRecord> oneRow = new java.util.ArrayList<>();
        banded.forEach(r -> oneRow.add(r.with(r.context().withEnergyBand(new TrialRecord.EnergyBand(
                r.energyJ() * 0.8, r.energyJ() * 1.5, "SPECpower, one row")))));
        assertEquals("", SummaryMarkdown.acrossHardware(oneRow, "a", "b", energy, k));
        StudyTable.Metric wall = t.metrics().stream().filter(m -> m.id().equals("wall_time")).findFirst().orElseThrow();
        assertEquals("", SummaryMarkdown.acrossHardware(t.trials(), "a", "b", wall, t.cell("b", wall).vsBaseline()),
                "wall time is not an estimate's figure");
        assertEquals("", SummaryMarkdown.acrossHardware(base.trials(), "a", "b", energy, k), "one machine, no band");
    }

    @Test
    void theStudyPageOpensWithOneSentencePerVariantAndAForestPlot() {
        StudyTable t = tiny(); // b: twice a's energy per trial, accuracy 0.9 against 0.8 (no spread)
        List<String> s = Findings.sentences(t);
        assertEquals(1, s.size());
        assertTrue(s.get(0).startsWith("**b** needs **2.041x** [1.575, 2.646]"), s.get(0));
        assertTrue(s.get(0).contains("the energy per trial of a: **more energy** (uses 104 % more, 95 % CI 57 to"
                + " 165 %); test accuracy 0.9 against 0.8 (+10 pt, no interval): no verdict"), s.get(0));
        assertTrue(Findings.markdown(t).contains("![Forest plot: every variant/baseline ratio"), Findings.markdown(t));
        String svg = ForestPlot.svg(t);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains(">b · energy per trial</text>") && svg.contains(">2.04 ["), svg);
        assertTrue(svg.contains("stroke=\"#333\""), "the line of no difference at 1: " + svg);
        assertEquals(svg, ForestPlot.svg(t), "the same table draws the same plot");
        assertTrue(SummaryMarkdown.render(t).startsWith("# tiny, run r1\n\ntiny\n\n## What this study shows\n"));
        assertEquals(List.of(0.5, 1.0, 2.0), ForestPlot.ticks(0.4, 2.5));
        assertTrue(ForestPlot.ticks(0.95, 1.08).contains(1.0), "1 is always a tick");
    }

    @Test
    void aLabelNamesTheVariantWithItsSettingsBeside() {
        StudyTable t = tiny();
        Map<String, Object> spec = t.context().manifest().spec().asMap();
        spec.put("labels", Map.of("b", "B's label"));
        RunManifest m = t.context().manifest();
        RunManifest labelled = new RunManifest(m.format(), m.study(), m.runId(), m.specFile(), org.carbonlab.results.StudyDefinition.of(spec), m.plan(), m.git(),
                m.software(), m.hardware(), m.powerSources(), m.idleBaseline(), m.carbon(), m.roofline(), m.slurm());
        StudyTable u = StudyTable.of(labelled, t.trials(), Optional.empty());
        assertEquals("B's label (b)", u.context().label("b"));
        assertEquals("B's label", u.context().shortLabel("b"));
        assertEquals("a", u.context().label("a"), "no label: the settings");
        assertTrue(Findings.sentences(u).get(0).startsWith("**B's label (b)** needs"));
        assertTrue(SummaryMarkdown.render(u).contains("| B's label (b) | 2 |"), SummaryMarkdown.render(u));
    }

    @Test
    void theTableHoldsEachStatisticOnce() {
        StudyTable t = tiny();
        StudyTable.Metric energy = t.metrics().get(0);
        assertEquals("energy_per_trial", energy.id());
        assertEquals(110, t.cell("a", energy).summary().mean(), 1e-9);
        assertEquals(225, t.cell("b", energy).summary().mean(), 1e-9);
        assertEquals(Math.sqrt(2 * 250 / 120.0), t.cell("b", energy).vsBaseline().interval().estimate(), 1e-12,
                "paired by block: the geometric mean of the block ratios");
        assertEquals(225 / 110.0, t.cell("b", energy).vsBaseline().unpaired().estimate(), 1e-12);
        assertEquals(null, t.cell("a", energy).vsBaseline(), "the baseline is not compared with itself");
        StudyTable.Metric co2e = t.metrics().stream().filter(m -> m.id().equals("co2e")).findFirst().orElseThrow();
        // 110 J = 3.0556e-5 kWh x PUE 1.5 x 100 g/kWh
        assertEquals(110 / 3.6e6 * 1.5 * 100, t.cell("a", co2e).summary().mean(), 1e-15);
        assertEquals(4, t.counts().planned());
        assertEquals(4, t.counts().ok());
    }

    @Test
    void everyRendererShowsTheSameCells() throws Exception {
        StudyTable t = tiny();
        String csv = SummaryCsv.render(t);
        String row = csv.lines().filter(l -> l.startsWith("b,energy_per_trial,")).findFirst().orElseThrow();
        List<String> cells = Csv.split(row);
        assertEquals("225.0", cells.get(4), row);
        assertEquals("ratio", cells.get(8), row);
        assertEquals(Math.sqrt(2 * 250 / 120.0), Double.parseDouble(cells.get(9)), 1e-12, row);

        JsonNode json = Json.MAPPER.readTree(SummaryJson.render(t));
        JsonNode b = json.get("variants").get(1).get("metrics").get("energy_per_trial");
        assertEquals(225.0, b.get("mean").asDouble());
        assertEquals(Math.sqrt(2 * 250 / 120.0), b.get("against_baseline").get("estimate").asDouble(), 1e-12);
        assertEquals(4, json.get("trials").get("ok").asInt());

        String md = SummaryMarkdown.render(t);
        assertTrue(md.contains("| b | energy per trial | 2.041x | [1.575, 2.646] |"), md);
        assertTrue(md.contains("- machine: cpu (avx2), 2 logical CPUs, 8.0 GiB"), md);

        List<String> em = EmissionsCsv.render(t).lines().toList();
        assertEquals(5, em.size());
        List<String> platform = Csv.split(em.get(4));
        assertEquals("t004".length(), platform.get(2).length() - "r1/".length());
        // energy_consumed counts the platform channel; cpu_energy does not (psys is the whole machine, not the CPU)
        assertEquals(250 / 3.6e6, Double.parseDouble(platform.get(16)), 1e-18);
        assertEquals(0.0, Double.parseDouble(platform.get(13)));
        assertEquals(200 / 3.6e6, Double.parseDouble(Csv.split(em.get(2)).get(13)), 1e-18);
    }
}
