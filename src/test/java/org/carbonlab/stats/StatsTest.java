package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Expected values computed independently with SciPy 1.17 (t.ppf, ttest_ind(equal_var=False), a grid for Fieller). */
class StatsTest {

    private static final double[] A = {100, 104, 98, 102, 101};
    private static final double[] B = {80, 83, 79, 85};

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
        assertEquals(0.8094059405940595, c.ratio(), 1e-12);
        assertEquals(0.7692284, c.ratioLow(), 2e-7);
        assertEquals(0.8506347, c.ratioHigh(), 2e-7);
        assertEquals(3.637455707308563e-05, c.welchP(), 1e-9);
        assertEquals(4, c.nFor5Pct());
        assertTrue(c.significant());
        assertEquals(List.of(), c.notes());
    }

    @Test
    void aVariantOfZerosAgainstAVaryingBaselineGetsAFiniteInterval() {
        // found by a study of a command too short for the meter: Welch's degrees of freedom were 0 / 0 there
        Comparison c = Comparison.of(new double[] {1, 2, 3}, new double[] {0, 0, 0});
        assertEquals(0.0, c.ratio());
        assertFalse(Double.isNaN(c.ratioLow()) || Double.isNaN(c.ratioHigh()), "an interval, not NaN");
        assertTrue(c.ratioLow() <= 0 && c.ratioHigh() >= 0, c.ratioLow() + " " + c.ratioHigh());
        Comparison zeroBaseline = Comparison.of(new double[] {0, 0, 0}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(zeroBaseline.ratioLow()));
        assertTrue(zeroBaseline.notes().contains("no ratio: the baseline's mean is 0"), zeroBaseline.notes().toString());
    }

    @Test
    void thinEvidenceIsSaidInWords() {
        Comparison c = Comparison.of(new double[] {10, 12, 9}, new double[] {11, 9.5, 12.5});
        assertEquals(1.064516129032258, c.ratio(), 1e-12);
        assertEquals(0.7683095, c.ratioLow(), 2e-6);
        assertEquals(1.4880695, c.ratioHigh(), 2e-6);
        assertEquals(0.6182685822348172, c.welchP(), 1e-9);
        assertFalse(c.significant());
        assertEquals(List.of("the 95 % CI of the ratio includes 1: no difference is shown"), c.notes());

        Comparison two = Comparison.of(new double[] {10, 11}, new double[] {5, 6});
        assertTrue(two.notes().get(0).startsWith("n < 3 in a group (2 and 2)"), two.notes().toString());
        Comparison single = Comparison.of(new double[] {10}, new double[] {5, 6});
        assertTrue(Double.isNaN(single.ratioLow()) && Double.isNaN(single.welchP()));
        assertEquals(0, single.nFor5Pct());
        assertTrue(single.notes().contains("no confidence interval: it needs at least 2 values in each group"));

        Comparison noisy = Comparison.of(new double[] {-1, 0.5, 1}, new double[] {5, 6, 7});
        assertEquals(Double.NEGATIVE_INFINITY, noisy.ratioLow());
        assertTrue(noisy.notes().contains("the interval is unbounded: the baseline's mean is not clearly different"
                + " from 0"));
    }
}
