package org.carbonlab.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void paretoFrontKeepsPointsNothingBeatsInBothEnergyAndAccuracy() {
        List<double[]> pts = List.of(new double[] {100, 0.80}, new double[] {150, 0.79}, new double[] {200, 0.85},
                new double[] {120, 0.82}, new double[] {300, 0.84}, new double[] {Double.NaN, 0.99});
        List<double[]> front = Charts.front(pts);
        assertEquals(List.of("100.0/0.8", "120.0/0.82", "200.0/0.85"),
                front.stream().map(p -> p[0] + "/" + p[1]).toList());
    }

    @Test
    void aLongTraceIsDrawnWithAtMostTwoPointsPerColumnAndKeepsEveryPeak() {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) { // 10,000 s at 100 ms: a baseline of 100 W with two one-sample spikes
            x.add(i * 0.1);
            y.add(i == 31_337 ? 700.0 : i == 77_777 ? 5.0 : 100.0 + (i % 7));
        }
        List<double[]> drawn = Charts.minMax(x, y, 1000);
        assertTrue(drawn.size() <= 2000 && drawn.size() >= 1000, "points: " + drawn.size());
        assertEquals(700.0, drawn.stream().mapToDouble(p -> p[1]).max().orElseThrow());
        assertEquals(5.0, drawn.stream().mapToDouble(p -> p[1]).min().orElseThrow());
        for (int i = 1; i < drawn.size(); i++) {
            assertTrue(drawn.get(i)[0] > drawn.get(i - 1)[0], "in time order");
        }
        assertEquals(List.of("0.0/1.0", "0.5/2.0"), Charts.minMax(List.of(0.0, 0.5), List.of(1.0, 2.0), 1000).stream()
                .map(p -> p[0] + "/" + p[1]).toList(), "a short trace is drawn as it is");
    }

    @Test
    void aMissingFigureIsNoBarAndTheTitleSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Charts.Bars b = Charts.Bars.of("Energy per trial", List.of("a", "b", "c"), new double[] {10, Double.NaN, 12},
                new double[] {1, Double.NaN, Double.NaN});
        assertEquals("Energy per trial (no figure: b)", b.title());
        assertEquals(List.of("a", "c"), b.labels(), "no bar for b (it was a bar of 0)");
        assertEquals(List.of(10.0, 12.0), b.values());
        assertEquals(List.of(1.0, 0.0), b.errors(), "a missing half-width is no error bar");
        Charts.bars(dir, "e", "Energy per trial", "J", List.of("a", "b", "c"), new double[] {10, Double.NaN, 12},
                new double[] {1, Double.NaN, Double.NaN});
        assertTrue(java.nio.file.Files.size(dir.resolve("e.png")) > 0, "drawn");
    }
}
