package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.carbonlab.stats.Interval;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The arithmetic of an estimate's band: channels, totals, CO2e and ratios. */
class BandTest {

    private static DeviceEnergy device(String id, boolean inTotal, double joules) {
        Channel c = new Channel(id, DeviceKind.CPU, id, Provenance.ESTIMATED_SPECPOWER, null, inTotal);
        return new DeviceEnergy(c, Energy.ofJoules(joules), Power.ofWatts(joules), Power.ofWatts(joules), 1.0,
                ProvenanceSet.of(Provenance.ESTIMATED_SPECPOWER), null);
    }

    @Test
    void aBandedChannelMovesToItsEndsAndAMeasuredOneStays() {
        Band cpu = new Band(0.9, 1.7, "SPECpower");
        List<DeviceEnergy> d = List.of(device("estimate:cpu", true, 100), device("nvml:gpu0", true, 50),
                device("estimate:ram", false, 7));
        assertEquals(new Interval(150, 140, 220), Band.ends(d, Map.of("estimate:cpu", cpu)),
                "100 J x [0.9, 1.7] + 50 J measured; the channel outside the total is not added");
        assertEquals(Interval.exact(150), Band.ends(d, Map.of()), "no band: the figure itself");
        // two banded channels of one model move together: their ends add up
        Band ram = new Band(0.5, 2.0, "other");
        assertEquals(new Interval(150, 90 + 25, 170 + 100), Band.ends(List.of(device("a", true, 100),
                device("b", true, 50)), Map.of("a", cpu, "b", ram)));
    }

    @Test
    void co2eAndARatioOfTheSameModelScaleTheSameWay() {
        Band b = new Band(0.92, 1.68, "SPECpower");
        double joules = 3600e3; // 1 kWh
        double grams = joules / 3.6e6 * 1.2 * 300; // PUE 1.2, 300 g/kWh
        Interval e = Band.ends(List.of(device("estimate:cpu", true, joules)), Map.of("estimate:cpu", b));
        assertEquals(grams * 0.92, e.low() / 3.6e6 * 1.2 * 300, 1e-9, "CO2e is linear in energy: same factors");
        assertEquals(grams * 1.68, e.high() / 3.6e6 * 1.2 * 300, 1e-9);
        Interval f = Band.ends(List.of(device("estimate:cpu", true, joules / 2)), Map.of("estimate:cpu", b));
        assertEquals(2.0, e.low() / f.low(), 1e-12, "a ratio within one model: the scale cancels at either end");
        assertEquals(2.0, e.high() / f.high(), 1e-12);
    }

    @Test
    void aRatioAcrossMachinesHoldsBothBands() {
        // A at [0.9, 1.7] of itself, B at [0.8, 1.5]: B / A can lie anywhere in [0.8 / 1.7, 1.5 / 0.9] of itself
        Interval a = new Interval(1, 0.9, 1.7);
        Interval b = new Interval(1, 0.8, 1.5);
        assertEquals(new Interval(1, 0.8 / 1.7, 1.5 / 0.9), Band.ratio(a, b));
        assertEquals(b, Band.ratio(Interval.exact(1), b), "A measured: B's band only");
        assertEquals(Interval.exact(1), Band.ratio(Interval.exact(1), Interval.exact(1)), "both measured: nothing added");
    }

    @Test
    void aBandMustBracketItsFigureAndOfUnitesSeveral() {
        assertThrows(IllegalArgumentException.class, () -> new Band(1.1, 1.5, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Band(0.5, 0.9, "x"));
        assertNull(Band.of(Map.of()));
        Band u = Band.of(Map.of("a", new Band(0.9, 1.2, "A"), "b", new Band(0.8, 1.1, "A")));
        assertEquals(0.8, u.low(), 1e-12);
        assertEquals(1.2, u.high(), 1e-12);
        assertEquals("A", u.basis());
    }
}
