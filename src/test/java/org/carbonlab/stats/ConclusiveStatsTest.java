package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The two-stage stopping rule's sizing and decisions, and the outlier rule's flags on known and simulated data. */
class ConclusiveStatsTest {

    @Test
    void thePilotsSpreadSizesTheStudyOnce() {
        StoppingRule rule = new StoppingRule(3, 8, 0.10);
        assertEquals(5, rule.earliest(), "the pilot's 2 blocks and 3 for the interval's spread");
        // a small spread: the earliest block; t(2) = 4.303, 4.303 * 0.04 / sqrt(5) = 0.077 <= ln 1.1 = 0.0953
        assertEquals(5, rule.blocksFor(List.of(0.04)));
        // 0.07: t(2) * 0.07 / sqrt(5) = 0.135, t(3) * 0.07 / sqrt(6) = 0.091 <= 0.0953: 6 blocks
        assertEquals(6, rule.blocksFor(List.of(0.07)));
        assertEquals(6, rule.blocksFor(List.of(0.04, 0.07)), "every ratio must be tight");
        assertEquals(8, rule.blocksFor(List.of(0.5)), "too noisy: max");
        assertEquals(8, rule.blocksFor(List.of(Double.NaN)), "a pilot without 2 pairs: max");
        assertEquals(7, new StoppingRule(7, 9, 0.10).blocksFor(List.of(0.001)), "never before min");

        StoppingRule.Decision pilot = rule.decide(1, Map.of("v", Double.NaN));
        assertFalse(pilot.stop());
        StoppingRule.Decision going = rule.decide(5, Map.of("v", 0.07));
        assertFalse(going.stop(), going.words());
        assertTrue(going.words().contains("sized the study at 6 blocks"), going.words());
        StoppingRule.Decision done = rule.decide(6, Map.of("v", 0.07));
        assertEquals(StoppingRule.Reason.PLANNED, done.reason());
        assertTrue(done.words().contains("spread from the 4 blocks after the pilot"), done.words());
        StoppingRule.Decision max = rule.decide(8, Map.of("v", 0.5));
        assertEquals(StoppingRule.Reason.MAX, max.reason());
        assertTrue(max.words().startsWith("reached the most blocks (8)"), max.words());
        assertThrows(IllegalArgumentException.class, () -> new StoppingRule(1, 5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StoppingRule(5, 4, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StoppingRule(3, 5, 1.5));
    }

    @Test
    void sizingAFixedDesignUsesTAndTheSpreadsUncertainty() {
        // at CV 10 % on both sides the log ratio's SD is about 0.141; the normal approximation says 9 blocks for
        // +-10 % (1.96^2 * 0.141^2 / 0.0953^2 = 8.4), t and an SD known from 7 degrees of freedom ask for more
        int n = StoppingRule.blocksFor(0.10, 0.141, 7);
        assertTrue(n > 9 && n < 20, "blocks " + n);
        assertTrue(StoppingRule.blocksFor(0.10, 0.141, 100) < n, "a better known spread needs fewer");
        assertEquals(Integer.MAX_VALUE, StoppingRule.blocksFor(0.10, Double.NaN, 3));
    }

    @Test
    void theOutlierRuleFlagsWhatTheReviewFoundMissedAndSparesNearTies() {
        double[] energy = {300, 310, 295, 305, 900, 298};
        assertArrayEquals(new boolean[] {false, false, false, false, true, false}, Outliers.flags(energy));
        // MAD = 0 used to mask everything; now the MAD is at least 1 %, so a value far out is flagged
        assertArrayEquals(new boolean[] {false, false, false, true}, Outliers.flags(new double[] {10, 10, 10, 50}));
        assertArrayEquals(new boolean[] {false, false, false, false, false, false, false, true},
                Outliers.flags(new double[] {1, 1, 1, 1, 1, 1, 1, 5}));
        assertArrayEquals(new boolean[] {false, false, true}, Outliers.flags(new double[] {10, 10, 50}));
        // ... and a value one 10 ms step away from tied ones is not
        assertArrayEquals(new boolean[] {false, false, false, false}, Outliers.flags(new double[] {1, 1, 1, 1.01}));
        // three values whose two close ones made the third look far out (z was 33 for a 10 % spread)
        assertArrayEquals(new boolean[] {false, false, false}, Outliers.flags(new double[] {5.00, 5.01, 5.50}));
        assertArrayEquals(new boolean[] {false, false}, Outliers.flags(new double[] {1, 100}), "too few to judge");
        assertTrue(Double.isNaN(Outliers.modifiedZ(new double[] {1, 2, Double.NaN, 3})[2]));
        // values of 0 and below are judged on their own scale
        assertArrayEquals(new boolean[] {false, false, false, true}, Outliers.flags(new double[] {0, 0, 0, 5}));
    }

    @Test
    void cleanDataFlagsAtMostFivePercentOfVariants() {
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder seen = new StringBuilder();
        for (int n = 3; n <= 8; n++) {
            for (double cv : new double[] {0.01, 0.05, 0.10, 0.25}) {
                for (boolean logNormal : new boolean[] {false, true}) {
                    int variants = 20_000;
                    int flagged = 0;
                    for (int v = 0; v < variants; v++) {
                        double[] x = new double[n];
                        for (int i = 0; i < n; i++) {
                            double g = r.nextGaussian();
                            x[i] = logNormal ? Math.exp(Math.sqrt(Math.log(1 + cv * cv)) * g) : 1 + cv * g;
                        }
                        for (boolean f : Outliers.flags(x)) {
                            if (f) {
                                flagged++;
                                break;
                            }
                        }
                    }
                    double rate = (double) flagged / variants;
                    seen.append(String.format("n %d cv %.2f %s: %.2f %%%n", n, cv, logNormal ? "log" : "normal",
                            100 * rate));
                    assertTrue(rate <= 0.05, seen.toString());
                }
            }
        }
        System.out.print("false flags per variant on clean data:\n" + seen);
    }
}
