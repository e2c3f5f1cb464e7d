package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The coverage certificate of the designs the lab ships, simulated through the same rule and interval a study uses:
 * what the issue asked of them, and that the certificate can fail (the former rule's early stops).
 */
class CertificateTest {

    private static final double[] CVS = {0.05, 0.10, 0.15, 0.25};
    private static final int STUDIES = 4000;

    private static void assertCovers(Certificate c) {
        System.out.println(c.text());
        for (Certificate.Row r : c.rows()) {
            String at = "CV " + r.cv() + "\n" + c.text();
            assertTrue(r.coverage() >= 0.93 && r.coverage() <= 0.97, at);
            assertTrue(r.falsePositive() <= 0.06, at);
            if (r.earlyStops() >= 400) {
                assertTrue(r.earlyCoverage() >= 0.93 && r.earlyCoverage() <= 0.97, at);
            } else if (r.earlyStops() > 0) { // fewer: within three standard errors of 95 %
                double se = Math.sqrt(0.95 * 0.05 / r.earlyStops());
                assertTrue(Math.abs(r.earlyCoverage() - 0.95) <= 3 * se, at);
            }
        }
    }

    @Test
    void fixedDesignsCover() {
        for (int blocks : new int[] {3, 8}) {
            assertCovers(Certificate.of(new Certificate.Design(2, blocks, blocks, 0.10, Certificate.Rule.FIXED,
                    RunOrder.COUNTERBALANCED), Certificate.Noise.DEFAULT, CVS, STUDIES, 1));
        }
    }

    @Test
    void theTwoStageDesignCoversOverallAndAmongEarlyStops() {
        Certificate c = Certificate.of(new Certificate.Design(2, 3, 8, 0.10, Certificate.Rule.TWO_STAGE,
                RunOrder.COUNTERBALANCED), Certificate.Noise.DEFAULT, CVS, STUDIES, 1);
        assertCovers(c);
        assertTrue(c.rows().get(0).earlyStops() >= 400, "at CV 5 % most studies stop early:\n" + c.text());
        // three variants against one baseline: per ratio as above, any of two ratios up to about twice as often
        Certificate three = Certificate.of(new Certificate.Design(3, 3, 8, 0.10, Certificate.Rule.TWO_STAGE,
                RunOrder.COUNTERBALANCED), Certificate.Noise.DEFAULT, new double[] {0.10}, STUDIES, 2);
        assertCovers(three);
        assertTrue(three.rows().get(0).familyWise() > three.rows().get(0).falsePositive(), three.text());
    }

    @Test
    void theCertificateCanFailTheFormerRulesEarlyStopsUndercover() {
        Certificate c = Certificate.of(new Certificate.Design(2, 3, 8, 0.10, Certificate.Rule.FORMER,
                RunOrder.INTERLEAVED), Certificate.Noise.DEFAULT, new double[] {0.10}, STUDIES, 1);
        System.out.println(c.text());
        Certificate.Row r = c.rows().get(0);
        assertTrue(r.earlyStops() >= 400 && r.earlyCoverage() < 0.90, c.text());
    }

    @Test
    void theSameSeedGivesTheSameCertificate() {
        Certificate.Design d = new Certificate.Design(2, 5, 8, 0.10, Certificate.Rule.TWO_STAGE,
                RunOrder.COUNTERBALANCED);
        assertEquals(Certificate.of(d, Certificate.Noise.DEFAULT, new double[] {0.1}, 500, 3),
                Certificate.of(d, Certificate.Noise.DEFAULT, new double[] {0.1}, 500, 3));
        assertThrows(IllegalArgumentException.class, () -> Certificate.of(d, Certificate.Noise.DEFAULT,
                new double[] {0}, 500, 3));
        assertThrows(IllegalArgumentException.class, () -> new Certificate.Design(1, 3, 8, 0.1,
                Certificate.Rule.FIXED, RunOrder.INTERLEAVED));
    }
}
