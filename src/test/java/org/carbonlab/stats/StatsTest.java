package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Expected values computed independently with SciPy 1.17 (t.ppf, ttest_ind(equal_var=False), ttest_rel, a grid for
 * Fieller).
 */
class StatsTest {

    private static final double[] A = {100, 104, 98, 102, 101};
    private static final double[] B = {80, 83, 79, 85};
    private static final double[] B_PAIRED = {80, 83, 79, 85, 81};

    @Test
    void summaryIsMeanSdAndStudentTInterval() {
        Summary s = Summary.of(A);
        assertEquals(5, s.n());
        assertEquals(101.0, s.mean(), 1e-12);
        assertEquals(2.23606797749979, s.sd(), 1e-12);
        assertEquals(98.2235548948022, s.ciLow(), 1e-9);
        assertEquals(103.7764451051978, s.ciHigh(), 1e-9);
        Summary b = Summary.of(B);
        assertEquals(77.36811311517499, b.ciLow(), 1e-9);
        assertEquals(86.13188688482501, b.ciHigh(), 1e-9);
    }

    @Test
    void unknownValuesAreSkippedAndTooFewGiveNoInterval() {
        Summary s = Summary.of(100, Double.NaN, 104, 98, 102, 101, Double.POSITIVE_INFINITY);
        assertEquals(Summary.of(A), s);
        Summary one = Summary.of(3.0);
        assertEquals(1, one.n());
        assertEquals(3.0, one.mean());
        assertTrue(Double.isNaN(one.ciLow()) && Double.isNaN(one.sd()));
        assertEquals(0, Summary.of().n());
    }

    @Test
    void ratioOfMeansHasAFiellerIntervalAndWelchTest() {
        Comparison c = Comparison.of(A, B);
        assertEquals(0.8094059405940595, c.interval().estimate(), 1e-12);
        assertEquals(0.7692284, c.interval().low(), 2e-7);
        assertEquals(0.8506347, c.interval().high(), 2e-7);
        assertEquals(3.637455707308563e-05, c.p(), 1e-9);
        assertEquals(4, c.nFor5Pct());
        assertTrue(c.significant());
        assertFalse(c.isPaired());
        assertEquals(c.interval(), c.unpaired());
        assertEquals(List.of(), c.notes());
        assertEquals("", c.missing());
    }

    @Test
    void blocksPairAsLogRatiosWithNMinusOneDegreesOfFreedom() {
        Comparison c = Comparison.paired(A, B_PAIRED, Comparison.Scale.RATIO, 0);
        assertTrue(c.isPaired());
        assertEquals(0.8077995947169563, c.interval().estimate(), 1e-12, "the geometric mean of the block ratios");
        assertEquals(0.7901525672699005, c.interval().low(), 1e-9);
        assertEquals(0.8258407455151431, c.interval().high(), 1e-9);
        assertEquals(1.1473381099866786e-05, c.p(), 1e-9);
        assertEquals(81.6 / 101, c.unpaired().estimate(), 1e-12, "the unpaired ratio of means beside it");
        // with a two-block pilot the spread comes from blocks 3..5 only (2 degrees of freedom); the mean from all
        Comparison twoStage = Comparison.paired(A, B_PAIRED, Comparison.Scale.RATIO, 2);
        assertEquals(c.interval().estimate(), twoStage.interval().estimate(), 1e-12);
        assertEquals(0.7760860602256973, twoStage.interval().low(), 1e-9);
        assertEquals(0.84080905284539, twoStage.interval().high(), 1e-9);
        assertTrue(twoStage.method().contains("spread from the 3 after the 2-block pilot"), twoStage.method());
        // a block missing in one variant leaves the pairs: it is not shifted onto the next block
        Comparison gap = Comparison.paired(new double[] {100, Double.NaN, 80}, new double[] {200, 240, 161},
                Comparison.Scale.RATIO, 0);
        assertTrue(gap.method().contains("of 2 blocks"), gap.method());
        assertEquals(Math.sqrt(2 * 161.0 / 80), gap.interval().estimate(), 1e-12);
    }

    @Test
    void accuraciesAreDifferencesInTheirOwnUnit() {
        double[] a = {.808, .812, .805, .810};
        double[] b = {.750, .757, .749, .752};
        Comparison c = Comparison.paired(a, b, Comparison.Scale.DIFFERENCE, 0);
        assertEquals(-0.05675, c.interval().estimate(), 1e-12);
        assertEquals(-0.059136834728962834, c.interval().low(), 1e-9);
        assertEquals(-0.05436316527103727, c.interval().high(), 1e-9);
        assertTrue(c.significant());
        assertEquals(0, Comparison.Scale.DIFFERENCE.none());
        // near 0 a ratio says little (0.02 against 0.01 is "2x"); a difference stays bounded
        Comparison low = Comparison.paired(new double[] {0.01, 0.03, 0.00}, new double[] {0.02, 0.01, 0.04},
                Comparison.Scale.DIFFERENCE, 0);
        assertTrue(low.interval().bounded(), low.toString());
    }

    @Test
    void tiedValuesAreNoEvidenceNeverAZeroWidthInterval() {
        // found by a review: accuracies [0.808 x3] against [0.750 x3] gave 0.928 [0.928, 0.928], "lower accuracy"
        double[] a = {0.808, 0.808, 0.808};
        double[] b = {0.750, 0.750, 0.750};
        for (Comparison c : List.of(Comparison.of(a, b), Comparison.paired(a, b, Comparison.Scale.RATIO, 0),
                Comparison.paired(a, b, Comparison.Scale.DIFFERENCE, 0))) {
            assertFalse(c.interval().present(), c.toString());
            assertFalse(c.significant());
            assertTrue(c.notes().stream().anyMatch(n -> n.contains("tied values are no evidence")), c.notes().toString());
            assertFalse(c.missing().isEmpty(), "CSV and JSON say why the ends are empty");
        }
        // one side tied (procfs's 10 ms steps): an interval, with a note that it may be too narrow
        Comparison one = Comparison.of(new double[] {1.2, 1.2, 1.2}, new double[] {2.3, 2.5, 2.4});
        assertTrue(one.interval().bounded());
        assertTrue(one.notes().stream().anyMatch(n -> n.startsWith("the baseline's values all tie")), one.notes()
                .toString());
    }

    @Test
    void aVariantOfZerosAgainstAVaryingBaselineGetsAFiniteInterval() {
        // found by a study of a command too short for the meter: Welch's degrees of freedom were 0 / 0 there
        Comparison c = Comparison.of(new double[] {1, 2, 3}, new double[] {0, 0, 0});
        assertEquals(0.0, c.interval().estimate());
        assertTrue(c.interval().present(), "an interval (here unbounded), not NaN");
        assertTrue(c.interval().low() <= 0 && c.interval().high() >= 0, c.interval().toString());
        Comparison zeroBaseline = Comparison.of(new double[] {0, 0, 0}, new double[] {1, 2, 3});
        assertFalse(zeroBaseline.interval().present());
        assertTrue(zeroBaseline.notes().contains("no ratio: the baseline's mean is 0"), zeroBaseline.notes().toString());
        // paired, a value of 0 has no log ratio: the unpaired interval decides, and says so
        Comparison paired = Comparison.paired(new double[] {1, 2, 3}, new double[] {0, 0, 0},
                Comparison.Scale.RATIO, 0);
        assertFalse(paired.isPaired());
        assertEquals(c.interval(), paired.interval());
        assertTrue(paired.notes().get(0).startsWith("a value of 0 or below has no log ratio"));
    }

    @Test
    void thinEvidenceIsSaidInWords() {
        Comparison c = Comparison.of(new double[] {10, 12, 9}, new double[] {11, 9.5, 12.5});
        assertEquals(1.064516129032258, c.interval().estimate(), 1e-12);
        assertEquals(0.7683095, c.interval().low(), 2e-6);
        assertEquals(1.4880695, c.interval().high(), 2e-6);
        assertEquals(0.6182685822348172, c.p(), 1e-9);
        assertFalse(c.significant());
        assertEquals(List.of("the 95 % CI of the ratio includes 1: no difference is shown"), c.notes());

        Comparison two = Comparison.of(new double[] {10, 11}, new double[] {5, 6});
        assertTrue(two.notes().get(0).startsWith("n < 3 in a group (2 and 2)"), two.notes().toString());
        Comparison single = Comparison.of(new double[] {10}, new double[] {5, 6});
        assertTrue(!single.interval().present() && Double.isNaN(single.p()));
        assertEquals(0, single.nFor5Pct());
        assertTrue(single.notes().contains("no confidence interval: it needs at least 2 values in each group"));

        // an unbounded interval is said in words and leaves CSV/JSON ends empty with the reason
        Comparison noisy = Comparison.of(new double[] {-1, 0.5, 1}, new double[] {5, 6, 7});
        assertEquals(Double.NEGATIVE_INFINITY, noisy.interval().low());
        assertTrue(noisy.notes().contains("the interval is unbounded: the baseline's mean is not clearly different"
                + " from 0"));
        assertEquals("the interval is unbounded: the baseline's mean is not clearly different from 0",
                noisy.missing());
    }
}
