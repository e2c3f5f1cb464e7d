package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The stopping rule driven by synthetic trial streams of known spread, the seeded paired bootstrap, and the outlier
 * flags.
 */
class ConclusiveStatsTest {

    /**
     * Runs the rule over blocks of a baseline ~ N(100, cv 100) and a variant ~ N(300, cv 300) drawn with
     * {@code seed}; returns the block it stopped at and the decision.
     */
    private static Object[] drive(StoppingRule rule, double cv, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rule.max()];
        double[] b = new double[rule.max()];
        for (int k = 1; k <= rule.max(); k++) {
            a[k - 1] = 100 * (1 + cv * r.nextGaussian());
            b[k - 1] = 300 * (1 + cv * r.nextGaussian());
            if (k < 2) {
                continue;
            }
            Comparison c = Comparison.of(java.util.Arrays.copyOf(a, k), java.util.Arrays.copyOf(b, k));
            StoppingRule.Decision d = rule.decide(k, Map.of("variant", StoppingRule.relativeHalfWidth(c)));
            if (d.stop()) {
                return new Object[] {k, d};
            }
        }
        throw new AssertionError("the rule never stopped, not even at max");
    }

    @Test
    void aStreamOfKnownSpreadStopsNearTheBlockTheSpreadPredicts() {
        // CV 5 % on both sides: the ratio's relative SE is 0.05 * sqrt(2 / n); with Student's t the half-width
        // reaches 10 % between n = 3 and 6 (normal approximation: n = 1.96^2 * 2 * 0.05^2 / 0.1^2 = 2, t widens it)
        StoppingRule rule = new StoppingRule(3, 30, 0.10);
        int total = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Object[] s = drive(rule, 0.05, seed);
            int k = (int) s[0];
            assertEquals(StoppingRule.Reason.TIGHT, ((StoppingRule.Decision) s[1]).reason());
            assertTrue(k >= 3 && k <= 8, "seed " + seed + " stopped at " + k);
            total += k;
        }
        assertTrue(total / 40.0 >= 3 && total / 40.0 <= 5.5, "mean stop block " + total / 40.0);
        // CV 15 %: n = 1.96^2 * 2 * 0.15^2 / 0.1^2 = 17 by the normal approximation: it stops much later
        StoppingRule wide = new StoppingRule(3, 60, 0.10);
        int sum = 0;
        for (long seed = 1; seed <= 20; seed++) {
            sum += (int) drive(wide, 0.15, seed)[0];
        }
        assertTrue(sum / 20.0 >= 12 && sum / 20.0 <= 26, "mean stop block at CV 15 %: " + sum / 20.0);
        assertEquals(18, StoppingRule.repetitionsFor(0.10, 0.15, 0.15));
    }

    @Test
    void neverBeforeMinAndAtMaxWithTheReason() {
        StoppingRule rule = new StoppingRule(4, 6, 0.10);
        StoppingRule.Decision early = rule.decide(2, Map.of("v", 0.01));
        assertFalse(early.stop(), "tight already, but fewer than min blocks");
        assertEquals("fewer than 4 blocks", early.words());
        assertTrue(rule.decide(4, Map.of("v", 0.01)).stop());
        Object[] s = drive(rule, 0.6, 3); // far too noisy for +-10 % in 6 blocks
        assertEquals(6, s[0]);
        StoppingRule.Decision d = (StoppingRule.Decision) s[1];
        assertEquals(StoppingRule.Reason.MAX, d.reason());
        assertTrue(d.words().startsWith("reached the most blocks (6) with variant "), d.words());
        assertTrue(rule.decide(6, Map.of("v", Double.POSITIVE_INFINITY)).words().contains("v unbounded"));
        // tied values on both sides: a zero-width interval is no evidence, so it never counts as tight
        Comparison tied = Comparison.of(new double[] {1.2, 1.2, 1.2}, new double[] {2.4, 2.4, 2.4});
        assertEquals(0, tied.ratioHigh() - tied.ratioLow(), 0);
        assertEquals(Double.POSITIVE_INFINITY, StoppingRule.relativeHalfWidth(tied));
        assertFalse(rule.decide(4, Map.of("v", StoppingRule.relativeHalfWidth(tied))).stop());
        assertThrows(IllegalArgumentException.class, () -> new StoppingRule(1, 5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StoppingRule(5, 4, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StoppingRule(3, 5, 1.5));
    }

    @Test
    void thePairedBootstrapIsSeededAndPairsTheBlocks() {
        double[] a = {100, 120, 80, 110, 95, 105};
        double[] b = {210, 250, 170, 225, 190, 215};
        PairedBootstrap x = PairedBootstrap.of(a, b, 7);
        PairedBootstrap y = PairedBootstrap.of(a, b, 7);
        assertEquals(x, y, "the same data and seed give the same interval");
        Random r = new Random(5);
        double[] many = new double[25];
        double[] other = new double[25];
        for (int i = 0; i < many.length; i++) {
            many[i] = 100 + 10 * r.nextGaussian();
            other[i] = 2 * many[i] + 15 * r.nextGaussian();
        }
        assertFalse(PairedBootstrap.of(many, other, 7).equals(PairedBootstrap.of(many, other, 8)),
                "another seed, another draw");
        assertEquals(6, x.pairs());
        double ratio = java.util.Arrays.stream(b).sum() / java.util.Arrays.stream(a).sum();
        assertTrue(x.low() < ratio && ratio < x.high() && x.high() - x.low() < 0.1, x.toString());
        // the pairs move together (a slow block is slow in both variants): the paired interval is far narrower
        // than Fieller's for independent samples
        Comparison independent = Comparison.of(a, b);
        assertTrue(x.high() - x.low() < (independent.ratioHigh() - independent.ratioLow()) / 3);
        // a block missing in one variant is left out, not shifted
        PairedBootstrap gap = PairedBootstrap.of(new double[] {100, Double.NaN, 80}, new double[] {200, 240, 160}, 1);
        assertEquals(2, gap.pairs());
        assertEquals(2.0, gap.low(), 1e-12);
        assertEquals(2.0, gap.high(), 1e-12);
        assertTrue(Double.isNaN(PairedBootstrap.of(new double[] {1}, new double[] {2}, 1).low()));
    }

    @Test
    void theModifiedZScoreFlagsOneSlowTrialAndNothingWhenMostAreEqual() {
        double[] energy = {300, 310, 295, 305, 900, 298};
        assertArrayEquals(new boolean[] {false, false, false, false, true, false}, Outliers.flags(energy));
        assertTrue(Outliers.modifiedZ(energy)[4] > 3.5);
        assertArrayEquals(new boolean[] {false, false, false, false}, Outliers.flags(new double[] {5, 5, 5, 9}),
                "MAD 0: no spread to judge by");
        assertArrayEquals(new boolean[] {false, false}, Outliers.flags(new double[] {1, 100}), "too few to judge");
        assertTrue(Double.isNaN(Outliers.modifiedZ(new double[] {1, 2, Double.NaN, 3})[2]));
    }
}
