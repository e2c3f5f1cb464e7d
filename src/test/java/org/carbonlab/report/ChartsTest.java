package org.carbonlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
