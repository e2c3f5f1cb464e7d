package org.carbonlab.report.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhReportTest {

    /** JMH 1.37's layout, with the strings it writes for NaN and infinity. */
    private static final String JSON = """
            [ { "jmhVersion" : "1.37", "benchmark" : "org.carbonlab.bench.TrainStepBench.step", "mode" : "avgt",
                "params" : { "model" : "cnn", "precision" : "fp32" },
                "primaryMetric" : { "score" : 12.5, "scoreError" : 0.5, "scoreUnit" : "ms/op",
                                    "rawData" : [ [ 12.0, 13.0, 12.5 ] ] },
                "secondaryMetrics" : {
                  "·energy" : { "score" : 0.3, "scoreError" : "NaN", "scoreUnit" : "J/op estimated:tdp-model",
                                "rawData" : [ [ 0.3, 0.3, 0.3 ] ] },
                  "·power" : { "score" : "NaN", "scoreError" : "NaN", "scoreUnit" : "W unknown",
                               "rawData" : [ [ "NaN", "NaN", "NaN" ] ] },
                  "·co2e" : { "score" : "Infinity", "scoreError" : "-Infinity", "scoreUnit" : "gCO2e/op x",
                              "rawData" : [ [ 1 ] ] } } } ]
            """;

    @TempDir
    Path tmp;

    @Test
    void readsScoresSecondaryMetricsAndJmhsStringNumbers() throws Exception {
        Path f = tmp.resolve("r.json");
        Files.writeString(f, JSON);
        List<JmhReport.Row> rows = JmhReport.read(f);
        assertEquals(4, rows.size());
        JmhReport.Row score = rows.get(0);
        assertEquals("TrainStepBench.step [model=cnn, precision=fp32]", score.benchmark());
        assertEquals(12.5, score.value());
        assertEquals(0.5, score.error());
        assertEquals(3, score.samples());
        assertEquals("J/op estimated:tdp-model", rows.get(1).unit());
        assertTrue(Double.isNaN(rows.get(1).error()));
        assertTrue(Double.isNaN(rows.get(2).value()));
        assertEquals(Double.POSITIVE_INFINITY, rows.get(3).value());
        assertEquals(Double.NEGATIVE_INFINITY, rows.get(3).error());

        JmhReport.write(f, tmp.resolve("out"), java.util.Optional.empty());
        String md = Files.readString(tmp.resolve("out").resolve("jmh-summary.md"));
        assertTrue(md.contains("| TrainStepBench.step [model=cnn, precision=fp32] | ·power | n/a | n/a | W unknown"
                + " | 3 |"), md);
        assertTrue(Files.readString(tmp.resolve("out").resolve("jmh-summary.csv"))
                .contains("\"TrainStepBench.step [model=cnn, precision=fp32]\",·energy,0.3,,J/op estimated:tdp-model,3\n"));
        assertTrue(Files.size(tmp.resolve("out").resolve("jmh-1.png")) > 0);
        assertTrue(Files.size(tmp.resolve("out").resolve("jmh-4.svg")) > 0);

        Files.writeString(f, "{\"not\": \"jmh\"}");
        assertTrue(assertThrows(org.carbonlab.util.UserException.class, () -> JmhReport.read(f)).getMessage()
                .endsWith("is not JMH JSON output (-rf json): expected a list of benchmarks"));
    }
}
