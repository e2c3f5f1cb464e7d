package org.carbonlab.report.study;

import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.report.tools.Ledger;

/** compare and ledger on hand-built run directories. */
class CompareAndLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Map<String, Object> spec(int epochs, String sources) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", "study");
        s.put("description", "d");
        s.put("workload", Map.of("model", "cnn", "epochs", Integer.toString(epochs)));
        s.put("baseline", "precision=fp32");
        s.put("power", Map.of("sources", List.of(sources)));
        return s;
    }

    private static TrialRecord band(TrialRecord t, TrialRecord.EnergyBand band) {
        return t.with(t.context().withEnergyBand(band));
    }

    private static TrialRecord trial(int i, String started, double joules, String provenance) {
        TrialOutcome o = StudyTableTest.outcome(0.8, 10, "test");
        return new TrialRecord(new TrialRecord.Slot(i, String.format("t%03d", i), "precision=fp32", i, i),
                new TrialRecord.Ending(TrialStatus.OK, null, started, 10.0, 0), new TrialRecord.Energies(joules,
                org.carbonlab.power.ProvenanceSet.parse(provenance), List.of(), joules * 0.9, List.of(joules * 0.9),
                1.0), o, TrialRecord.Context.NONE);
    }

    private Path run(String id, Map<String, Object> spec, String cpu, double gPerKwh, double pue, boolean aware,
                     List<TrialRecord> trials) throws IOException {
        Path dir = tmp.resolve("results").resolve("study").resolve(id);
        Files.createDirectories(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", "study");
        m.put("run_id", id);
        m.put("spec", spec);
        List<Map<String, Object>> plan = new ArrayList<>();
        trials.forEach(t -> plan.add(Map.of("variant", t.variant())));
        m.put("plan", plan);
        m.put("hardware", Map.of("cpu", cpu, "gpu", "none found by NVML"));
        m.put("carbon", Map.of("intensity_g_per_kwh", gPerKwh, "pue", pue, "carbon_aware", aware));
        Files.writeString(dir.resolve("manifest.json"), JSON.writeValueAsString(m));
        StringBuilder lines = new StringBuilder();
        for (TrialRecord t : trials) {
            lines.append(JSON.writeValueAsString(t)).append('\n');
        }
        Files.writeString(dir.resolve("trials.jsonl"), lines);
        return dir;
    }

    private static List<TrialRecord> trials(String started, String provenance, double... joules) {
        List<TrialRecord> out = new ArrayList<>();
        for (int i = 0; i < joules.length; i++) {
            out.add(trial(i + 1, started, joules[i], provenance));
        }
        return out;
    }

    @Test
    void comparesTheSameStudyOnTwoMachinesAndRefusesDifferentSpecs() throws IOException {
        Path a = run("A", spec(1, "rapl"), "old CPU", 100, 1.2, false,
                trials("2026-11-01T10:00:00Z", "measured:rapl", 100, 104, 98, 102, 101));
        Path b = run("B", spec(1, "nvml"), "new CPU", 100, 1.2, false,
                trials("2026-11-02T10:00:00Z", "measured:rapl", 80, 83, 79, 85));
        String md = RunComparison.compare(a, b);
        // the same ratio and Fieller interval as the statistics test computed with SciPy
        assertTrue(md.contains("| precision=fp32 | energy per trial (J) | 101.0 | 81.750 | 0.8094x | [0.7692, 0.8506] |"),
                md);
        assertTrue(md.contains("- A: old CPU") && md.contains("- B: new CPU"), md);

        Path c = run("C", spec(2, "rapl"), "new CPU", 100, 1.2, false,
                trials("2026-11-02T10:00:00Z", "measured:rapl", 80, 83, 79));
        assertEquals("the runs' specs differ in more than the hardware, so their ratios would not measure the"
                + " hardware: workload.epochs: 1 against 2",
                assertThrows(org.carbonlab.util.UserException.class, () -> RunComparison.compare(a, c)).getMessage());
        assertThrows(org.carbonlab.util.UserException.class, () -> RunComparison.compare(a, tmp));
        assertTrue(md.contains("neither run was given its machine's roofline"), md);
    }

    @Test
    void acrossMachinesTheEstimatesBandsWidenTheEnergyRatioButNotTheOthers() throws IOException {
        Path a = run("A", spec(1, "rapl"), "old CPU", 100, 1.2, false,
                trials("2026-11-01T10:00:00Z", "measured:rapl", 100, 104, 98, 102, 101));
        List<TrialRecord> banded = new ArrayList<>();
        for (TrialRecord t : trials("2026-11-02T10:00:00Z", "estimated:specpower", 80, 83, 79, 85)) {
            banded.add(band(t, new TrialRecord.EnergyBand(t.energyJ() * 0.9, t.energyJ() * 1.7,
                    "SPECpower, AMD Zen 5")));
        }
        Path b = run("B", spec(1, "estimate"), "AMD EPYC", 100, 1.2, false, banded);
        String md = RunComparison.compare(a, b);
        // the trials' Fieller interval [0.7692, 0.8506] (measured A, B at its data) widened by B's band [0.9, 1.7]
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| precision=fp32 | energy per trial (J) | 101.0 | 81.750 |"
                + " 0.8094x | [0.7692, 0.8506] |") && l.endsWith("| [0.6923, 1.446] |")), md);
        assertTrue(md.contains("- estimate bands: A x [1.000, 1.000], B x [0.9000, 1.700]"), md);
        assertTrue(md.lines().filter(l -> l.contains("| wall time (s) |")).allMatch(l -> l.endsWith("| |")),
                "time is not an estimate's figure: no banded interval\n" + md);
        assertTrue(md.contains("the worst case of both bands on the 95 % interval, with no stated level"), md);

        // both runs priced by the same model row (two quickstarts on one VM type): its scale cancels, no band
        List<TrialRecord> sameRow = new ArrayList<>();
        for (TrialRecord t : trials("2026-11-03T10:00:00Z", "estimated:specpower", 100, 104, 98, 102, 101)) {
            sameRow.add(band(t, new TrialRecord.EnergyBand(t.energyJ() * 0.9, t.energyJ() * 1.7,
                    "SPECpower, AMD Zen 5")));
        }
        Path c = run("C", spec(1, "estimate"), "AMD EPYC", 100, 1.2, false, sameRow);
        String same = RunComparison.compare(c, b);
        assertTrue(same.contains("- both runs were priced by one model row (SPECpower, AMD Zen 5): its scale"
                + " multiplies both and cancels in every ratio, which gets no band"), same);
        assertTrue(same.lines().noneMatch(l -> l.contains("CI with both bands")), same);
    }

    @Test
    void aRunFromBeforeTheEngineKeyComparesWithADjlRunAndRooflinesGoSideBySide() throws IOException {
        Path a = run("A", spec(1, "rapl"), "old CPU", 100, 1.2, false,
                trials("2026-11-01T10:00:00Z", "measured:rapl", 100, 104, 98));
        Map<String, Object> newer = spec(1, "rapl");
        newer.put("workload", Map.of("engine", "djl", "model", "cnn", "epochs", "1"));
        Path b = run("B", newer, "new CPU", 100, 1.2, false,
                trials("2026-11-02T10:00:00Z", "measured:rapl", 80, 83, 79));
        Map<String, Object> m = JSON.readValue(b.resolve("manifest.json").toFile(), Map.class);
        m.put("roofline", Map.of("machine", "new CPU", "measured", "x", "peaks",
                Map.of("djl/fp32", Map.of("gflops", 200.0, "op", "gemm-1x1x1", "joulesPerGflop", 0.1))));
        Files.writeString(b.resolve("manifest.json"), JSON.writeValueAsString(m));
        String md = RunComparison.compare(a, b);
        assertTrue(md.contains("| djl/fp32 | n/a | 200.0 | n/a |"), md);
        // B has a roofline, A has none: MFU is B's alone, so it is not compared
        assertTrue(!md.contains("MFU"), md);
        Map<String, Object> nd4j = spec(1, "rapl");
        nd4j.put("workload", Map.of("engine", "nd4j", "model", "cnn", "epochs", "1"));
        Path c = run("C", nd4j, "new CPU", 100, 1.2, false, trials("2026-11-02T10:00:00Z", "measured:rapl", 80, 83));
        assertTrue(assertThrows(org.carbonlab.util.UserException.class, () -> RunComparison.compare(a, c)).getMessage()
                .endsWith("workload.engine: djl against nd4j"));
    }

    @Test
    void ledgerSumsPerQuarterWithTheEnergyWeightedIntensity() throws IOException {
        // Q3: 3.6 MJ = 1 kWh at PUE 1.5 and 200 g/kWh -> 1.5 kWh facility, 300 g; carbon-aware
        run("Q3", spec(1, "rapl"), "cpu", 200, 1.5, true, trials("2026-09-30T23:59:59Z", "measured:rapl", 3.6e6));
        // Q4: 2 x 3.6 MJ at PUE 1.0 and 500 g/kWh -> 2 kWh, 1000 g; estimated
        run("Q4", spec(1, "rapl"), "cpu", 500, 1.0, false,
                trials("2026-10-01T00:00:00Z", "estimated:tdp-model", 3.6e6, 3.6e6));
        String md = Ledger.render(tmp.resolve("results"));
        assertTrue(md.contains("| 2026-Q3 | 1 | 1 | 1.000000 | 1.500000 | 0.300000 | 200.0 | 100 % | 100 % |"), md);
        assertTrue(md.contains("| 2026-Q4 | 1 | 2 | 2.000000 | 2.000000 | 1.000000 | 500.0 | 0 % | 0 % |"), md);
        // all: 1.3 kg over 3.5 kWh of facility energy = 371.4 g/kWh, not the unweighted 350
        assertTrue(md.contains("| all | 2 | 3 | 3.000000 | 3.500000 | 1.300000 | 371.4 | 50 % | 33 % |"), md);
        assertFalse(md.contains("bands' ends"), "no estimate with a band: no band column");

        // Q1 2027: one SPECpower-estimated trial of 1 kWh at PUE 1.0 and 100 g/kWh, band [0.9, 1.7]
        TrialRecord t = trials("2027-01-05T00:00:00Z", "estimated:specpower", 3.6e6).get(0);
        run("Q1", spec(1, "estimate"), "cpu", 100, 1.0, false, List.of(band(t,
                new TrialRecord.EnergyBand(0.9 * 3.6e6, 1.7 * 3.6e6, "SPECpower"))));
        String banded = Ledger.render(tmp.resolve("results"));
        assertTrue(banded.contains("| 2027-Q1 | 1 | 1 | 1.000000 | 1.000000 | 0.100000 | 100.0 | 0 % | 0 % |"
                + " [0.090000, 0.170000] |"), banded);
        // measured and unbanded trials are their own ends: 1.3 kg + [0.09, 0.17]
        assertTrue(banded.contains("| all | 3 | 4 | 4.000000 | 4.500000 | 1.400000 | 311.1 | 33 % | 25 % |"
                + " [1.390000, 1.470000] |"), banded);
    }
}
