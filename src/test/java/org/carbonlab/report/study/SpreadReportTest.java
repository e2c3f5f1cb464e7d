package org.carbonlab.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.carbonlab.power.ProvenanceSet;
import org.carbonlab.results.Json;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic run whose traces mark five segments, one of them noisy (the predictions), the others steady: the
 * budget in every summary names that segment, its shares add up and match the segments' known variances.
 */
class SpreadReportTest {

    @TempDir
    Path dir;

    /** Predictions' energy per block: the noisy segment (J). */
    private static final double[] PREDICTIONS = {3, 11, 5, 9, 7, 4, 10, 6};
    /** Training's: steady (J). */
    private static final double[] TRAINING = {8.0, 8.1, 7.9, 8.05, 7.95, 8.0, 8.1, 7.9};

    @Test
    void theBudgetNamesTheNoisySegmentAndItsSharesAddUp() throws IOException {
        int blocks = PREDICTIONS.length;
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", "one noisy segment");
        spec.put("baseline", "a");
        spec.put("carbon", Map.of());
        spec.put("warmup", 0);
        spec.put("repetitions", blocks);
        spec.put("seed", 1);
        List<RunManifest.PlannedTrial> plan = new ArrayList<>();
        Files.createDirectories(dir.resolve("power"));
        for (int b = 1; b <= blocks; b++) {
            for (int v = 0; v < 2; v++) {
                int n = 2 * (b - 1) + v + 1;
                String id = String.format(Locale.ROOT, "t%03d", n);
                String variant = v == 0 ? "a" : "b";
                plan.add(new RunManifest.PlannedTrial(n, id, variant, b, b));
                // b's predictions are steady: its spread lies in its training (twice a's, same wobble)
                double[] joules = {1.0, v == 0 ? TRAINING[b - 1] : 2 * TRAINING[b - 1], 1.0,
                    v == 0 ? PREDICTIONS[b - 1] : 7.0, 0.2};
                double total = trace(id, joules);
                RunFiles.append(dir.resolve(RunFiles.TRIALS), new TrialRecord(new TrialRecord.Slot(n, id, variant, b,
                        b), new TrialRecord.Ending(TrialStatus.OK, null, "2026-12-01T00:00:00Z", total / 2, 0),
                        new TrialRecord.Energies(total, ProvenanceSet.parse("estimated:tdp-model"), List.of(
                                new TrialRecord.Device("x:cpu", "CPU", true, total, ProvenanceSet.parse(
                                        "estimated:tdp-model"), 1.0, null)), null, null, null),
                        StudyTableTest.outcome(0.8, 4, "bundled"), TrialRecord.Context.NONE));
            }
        }
        new RunManifest(RunManifest.FORMAT, "noisy", "r1", "noisy.yaml", org.carbonlab.results.StudyDefinition.of(spec), plan, new RunManifest.Git("abc",
                false), new RunManifest.Software("1", "jvm", "0.36.0", "engine", 2, null), new RunManifest.Hardware(
                "cpu", "avx2", 2, 8.0, "none found by NVML", "Linux"), List.of(), new RunManifest.Idle(0, null),
                new RunManifest.Carbon(100, "SE3", 2024, "test", 1.5, "user", "v1", List.of(), false, null), null,
                null).write(dir);

        StudyReport.write(dir);

        JsonNode a = Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).path("variance_budget")
                .path("variants").path("a");
        assertEquals("100,000 predictions", a.path("dominant_energy_segment").asText());
        JsonNode parts = a.path("energy_per_trial").path("segments");
        assertEquals(List.of("start-up", "epoch 1 training", "test", "100,000 predictions", "exit"),
                names(parts));
        double sum = 0;
        for (JsonNode p : parts) {
            sum += p.path("share").asDouble();
        }
        assertEquals(1.0, sum, 1e-6, "the shares add up");
        // truth from the inputs: var(P) / var(P + T) with cov(P, T) from the listed values
        double share = cov(PREDICTIONS, sum(PREDICTIONS, TRAINING)) / cov(sum(PREDICTIONS, TRAINING),
                sum(PREDICTIONS, TRAINING));
        assertEquals(share, parts.get(3).path("share").asDouble(), 1e-6);
        assertTrue(share > 0.95, "the predictions carry the spread: " + share);
        assertEquals(Math.sqrt(cov(PREDICTIONS, PREDICTIONS)) / 6.875, parts.get(3).path("cv").asDouble(), 1e-6);
        assertEquals(0.0, parts.get(0).path("share").asDouble(), 1e-6, "a constant start-up has no share");
        assertEquals(cov(TRAINING, PREDICTIONS) / Math.sqrt(cov(TRAINING, TRAINING) * cov(PREDICTIONS, PREDICTIONS)),
                a.path("energy_per_trial").path("large_segments_correlation").asDouble(), 1e-9,
                "the two large segments that vary (start-up and test are constant)");
        JsonNode b = Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).path("variance_budget")
                .path("variants").path("b");
        assertEquals("epoch 1 training", b.path("dominant_energy_segment").asText());
        assertEquals(1.0, b.path("energy_per_trial").path("segments").get(1).path("share").asDouble(), 1e-6);

        String md = Files.readString(dir.resolve("summary.md"));
        String conclusive = md.substring(md.indexOf("## How conclusive"), md.indexOf("## Where the spread"));
        assertTrue(conclusive.contains("a: the segment '100,000 predictions' carries " + pct(share)
                + " of the variance of energy per trial"), conclusive);
        assertTrue(conclusive.contains("- a: the segment '100,000 predictions' carries " + pct(share)
                + " of the variance of energy per trial (CV 17 %): that segment, not the study's length,"),
                "a warning: " + conclusive);
        assertFalse(conclusive.lines().anyMatch(l -> l.startsWith("- b: the segment")),
                "b's training carries all of a 1 % spread: no warning");
        assertTrue(md.contains("| a | 100,000 predictions | 6.875 |"), md);
        String svg = Files.readString(dir.resolve(SpreadReport.CHART));
        assertTrue(svg.startsWith("<svg") && svg.contains("<title>100,000 predictions: " + pct(share) + "</title>"),
                svg);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("src=\"charts/variance.svg\""));

        Files.writeString(dir.resolve("power/t003.csv"), "not a trace\n"); // an unreadable trace: that trial is left out
        StudyReport.write(dir);
        JsonNode cut = Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).path("variance_budget")
                .path("variants").path("a").path("energy_per_trial");
        assertEquals(PREDICTIONS.length - 1, cut.path("n").asInt());
    }

    /** Writes a trace of segments of {@code joules} at 2 W (start-up, train-1, after-training, inference, exit). */
    private double trace(String id, double[] joules) throws IOException {
        String[] marks = {"begin:" + id, "mark:train-1", "mark:after-training", "mark:inference-100000",
            "mark:after-inference", "end:" + id};
        StringBuilder sb = new StringBuilder("# carbonlab power trace v1\n# interval_ns,100000000\n"
                + "# channel,x:cpu,cpu,estimated:tdp-model,,true,a counter\nt_ns,channel,energy_j,power_w,epoch,error\n");
        double e = 0;
        long t = 0;
        for (int s = 0; s <= joules.length; s++) {
            sb.append(t).append(",x:cpu,").append(e).append(",,0,\n").append(t).append(",#mark,,,,").append(marks[s])
                    .append('\n');
            if (s < joules.length) {
                long half = (long) (joules[s] / 2 / 2 * 1e9); // a tick halfway through the segment
                sb.append(t + half).append(",x:cpu,").append(e + joules[s] / 2).append(",,0,\n");
                e += joules[s];
                t += 2 * half;
            }
        }
        Files.writeString(dir.resolve("power").resolve(id + ".csv"), sb.toString());
        return e;
    }

    private static List<String> names(JsonNode parts) {
        List<String> out = new ArrayList<>();
        parts.forEach(p -> out.add(p.path("segment").asText()));
        return out;
    }

    private static double[] sum(double[] x, double[] y) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = x[i] + y[i];
        }
        return s;
    }

    private static double cov(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double c = 0;
        for (int i = 0; i < x.length; i++) {
            c += (x[i] - mx) * (y[i] - my);
        }
        return c / (x.length - 1);
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * f);
    }
}
