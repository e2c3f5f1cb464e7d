package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The variance budget against sums of segments whose spread is known. */
class VarianceBudgetTest {

    @Test
    void theNoisySegmentCarriesTheSpreadAndTheSharesAddUp() {
        Random rnd = new Random(7);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) { // start-up N(1, 0.02), training N(8, 0.3), predictions N(7, 3)
            rows.add(new double[] {1 + 0.02 * rnd.nextGaussian(), 8 + 0.3 * rnd.nextGaussian(),
                7 + 3 * rnd.nextGaussian()});
        }
        VarianceBudget b = VarianceBudget.of(List.of("start-up", "training", "predictions"), rows);
        assertEquals(4000, b.n());
        double sum = b.parts().stream().mapToDouble(VarianceBudget.Part::share).sum();
        assertEquals(1.0, sum, 1e-9, "covariances included, the shares add up");
        // truth: 9 / (0.0004 + 0.09 + 9) = 0.990
        assertEquals(0.990, b.parts().get(2).share(), 0.01);
        assertEquals(3.0 / 7, b.parts().get(2).cv(), 0.02);
        assertEquals(0.3 / 8, b.parts().get(1).cv(), 0.005);
        assertEquals("predictions", b.dominant().orElseThrow().name());
        assertTrue(b.dominated());
        assertEquals(16, b.mean(), 0.2);
    }

    @Test
    void segmentsThatMoveTogetherShareTheirCovarianceAndOnesAgainstGoNegative() {
        // two segments: a, and b = 10 - a/2 (b moves against a): var(T) = var(a/2), cov(a, T) = var(a)/2 = 2 var(T)
        List<double[]> rows = new ArrayList<>();
        double[] a = {4, 6, 5, 7, 3};
        for (double x : a) {
            rows.add(new double[] {x, 10 - x / 2});
        }
        VarianceBudget b = VarianceBudget.of(List.of("a", "b"), rows);
        assertEquals(2.0, b.parts().get(0).share(), 1e-12);
        assertEquals(-1.0, b.parts().get(1).share(), 1e-12);
    }

    @Test
    void unknownTrialsAreLeftOutAndConstantTotalsHaveNoShares() {
        VarianceBudget b = VarianceBudget.of(List.of("a", "b"), List.of(new double[] {1, 2}, new double[] {1, 2},
                new double[] {1, Double.NaN}));
        assertEquals(2, b.n());
        assertTrue(Double.isNaN(b.parts().get(0).share()), "the total does not vary: no share to give");
        assertFalse(b.dominant().isPresent());
        assertEquals(0, b.cv());
    }

    @Test
    void segmentsThatSlowTogetherAreToldApartFromSegmentsThatVaryAlone() {
        Random rnd = new Random(3);
        List<double[]> host = new ArrayList<>();
        List<double[]> alone = new ArrayList<>();
        for (int i = 0; i < 2000; i++) { // a whole-trial factor of CV 10 % on training and predictions, 1 % noise each
            double f = 1 + 0.1 * rnd.nextGaussian();
            host.add(new double[] {8 * f * (1 + 0.01 * rnd.nextGaussian()), 7 * f * (1 + 0.01 * rnd.nextGaussian()),
                0.2});
            alone.add(new double[] {8 * (1 + 0.1 * rnd.nextGaussian()), 7 * (1 + 0.1 * rnd.nextGaussian()), 0.2});
        }
        List<String> names = List.of("training", "predictions", "exit");
        VarianceBudget h = VarianceBudget.of(names, host);
        VarianceBudget a = VarianceBudget.of(names, alone);
        assertEquals(0.99, h.together(), 0.01, "truth 0.01 / (0.01 + 0.0001)");
        assertTrue(h.variesTogether());
        assertEquals(0.0, a.together(), 0.05);
        assertFalse(a.variesTogether());
        assertTrue(Double.isNaN(VarianceBudget.of(names, host.subList(0, 2)).together()), "two trials: no correlation");
    }

    @Test
    void theBlockShareRecoversAKnownBlockComponent() {
        Random rnd = new Random(11);
        double[][] withBlocks = new double[3000][2];
        double[][] without = new double[3000][2];
        for (int i = 0; i < 3000; i++) { // ln y = variant + block (SD 0.2) + error (SD 0.1): share 0.04 / 0.05
            double block = 0.2 * rnd.nextGaussian();
            for (int v = 0; v < 2; v++) {
                withBlocks[i][v] = Math.exp(v * 0.5 + block + 0.1 * rnd.nextGaussian());
                without[i][v] = Math.exp(v * 0.5 + 0.1 * rnd.nextGaussian());
            }
        }
        assertEquals(0.8, VarianceBudget.betweenBlockShare(withBlocks), 0.03);
        assertEquals(0.0, VarianceBudget.betweenBlockShare(without), 0.03);
        assertTrue(Double.isNaN(VarianceBudget.betweenBlockShare(new double[][] {{1, 2}})), "one block: no split");
        assertTrue(Double.isNaN(VarianceBudget.betweenBlockShare(new double[][] {{1, 2}, {1, Double.NaN}})),
                "an incomplete block is left out");
    }
}
