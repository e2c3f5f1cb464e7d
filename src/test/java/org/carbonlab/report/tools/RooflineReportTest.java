package org.carbonlab.report.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.carbonlab.kernel.Roofline;
import org.carbonlab.workload.Architecture;

/** The roofline table and peaks from KernelBench's JMH JSON, and MFU of the step benchmarks against them. */
class RooflineReportTest {

    private static String kernel(String op, String engine, String format, double ms, double joules, String error) {
        return """
                { "benchmark" : "org.carbonlab.bench.KernelBench.run", "mode" : "avgt",
                  "params" : { "engine" : "%s", "format" : "%s", "op" : "%s" },
                  "primaryMetric" : { "score" : %s, "scoreError" : 0.1, "scoreUnit" : "ms/op", "rawData" : [[1, 1, 1]] },
                  "secondaryMetrics" : {
                    "·energy" : { "score" : %s, "scoreError" : "NaN", "scoreUnit" : "J/op estimated:tdp-model" },
                    "rel.error" : { "score" : %s, "scoreError" : "NaN", "scoreUnit" : "x" } } }
                """.formatted(engine, format, op, ms, joules, error);
    }

    @TempDir
    Path tmp;

    @Test
    void gflopsJoulesPerGflopSpeedUpPeaksAndWhatIsMissing() throws Exception {
        Path json = tmp.resolve("k.json");
        // gemm 256x1024x1024 = 0.536870912 GFLOP: 10 ms -> 53.687 GFLOP/s; 0.25 J -> 0.4657 J/GFLOP
        Files.writeString(json, "[" + String.join(",",
                kernel("gemm-256x1024x1024", "djl", "fp32", 10, 0.25, "1.5E-7"),
                kernel("gemm-256x1024x1024", "djl", "fp16", 40, 1.0, "4.0E-4"),
                kernel("gemm-256x1024x1024", "nd4j", "bf16", 1000, 25, "\"NaN\""),
                "{ \"benchmark\" : \"org.carbonlab.bench.MeterBench.x\", \"params\" : {}, \"primaryMetric\" : {}}")
                + "]");
        RooflineReport.write(List.of(json), tmp.resolve("out"), "test CPU, 2 logical CPUs");
        Roofline r = Roofline.read(tmp.resolve("out").resolve("roofline.json"));
        assertEquals("test CPU, 2 logical CPUs", r.machine());
        assertEquals(53.687, r.peak("djl/fp32").orElseThrow().gflops(), 1e-3);
        assertEquals(0.25 / 0.536870912, r.peak("djl/fp32").orElseThrow().joulesPerGflop(), 1e-9);
        assertEquals(List.of("djl/fp16", "djl/fp32", "nd4j/bf16"), List.copyOf(r.peaks().keySet()));
        List<String> csv = Files.readAllLines(tmp.resolve("out").resolve("roofline.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(1).startsWith("gemm-256x1024x1024,djl,fp16,40.0,0.1,13.4217728,1.0,1.86264514923"),
                csv.get(1)); // 0.536870912 GFLOP in 40 ms; 1 J per op
        assertTrue(csv.get(1).endsWith(",4.0E-4,0.25"), csv.get(1)); // error, speed-up 10 / 40
        String md = Files.readString(tmp.resolve("out").resolve("roofline.md"));
        assertTrue(md.contains("| gemm-256x1024x1024 | djl | fp16 | 40"), md);
        assertTrue(md.contains("- gemm-256x1024x1024 nd4j-onednn fp32"), md); // not measured
        assertTrue(md.contains("estimated:tdp-model"), md);
        assertThrows(org.carbonlab.util.UserException.class, () -> RooflineReport.write(List.of(tmp.resolve("out")
                .resolve("roofline.json")), tmp, "x"));
    }

    @Test
    void stepBenchmarksGetAchievedGflopsAndMfuAgainstTheRoofline() throws Exception {
        Path json = tmp.resolve("s.json");
        Files.writeString(json, """
                [ { "benchmark" : "org.carbonlab.bench.TrainStepBench.step", "mode" : "avgt",
                    "params" : { "model" : "cnn", "precision" : "amp-fp16", "batch" : "128" },
                    "primaryMetric" : { "score" : 500, "scoreError" : 5, "scoreUnit" : "ms/op", "rawData" : [[1]] } } ]
                """);
        Roofline roofline = new Roofline("m", "by hand", java.util.Map.of("djl/fp16", new Roofline.Peak(20, "x", 1)));
        List<JmhReport.Row> rows = JmhReport.read(json, Optional.of(roofline));
        double achieved = Architecture.CNN.trainingFlops() * 128 / 0.5 / 1e9;
        assertEquals("achieved", rows.get(1).metric());
        assertEquals(achieved, rows.get(1).value(), 1e-9);
        assertEquals("MFU", rows.get(2).metric());
        assertEquals(achieved / 20, rows.get(2).value(), 1e-12);
        assertTrue(rows.get(2).unit().contains("djl/fp16"), rows.get(2).unit());
        assertEquals(2, JmhReport.read(json).size()); // no roofline: GFLOP/s, no MFU
    }
}
