package org.carbonlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

/**
 * The race, simulated: a fake workload whose energy surface, accuracy and noise are known, shaped like the PyTorch
 * reference script's grid on a 2-vCPU Zen 4 VM (fp32 about 2.5x amp-bf16, one thread about 0.8x two, batch 128 and
 * 256 below an 0.83 accuracy target), with the noise a study there sees (about 9 % per trial, a shared block drift,
 * one trial in 50 disturbed).
 */
class RaceTest {

    static final Race.Rules RULES = new Race.Rules(2, 8, 0.95, OptionalDouble.of(0.83), OptionalDouble.empty(),
            OptionalDouble.empty());
    static final String DEFAULT = "batch-size=64 precision=fp32 threads=2";

    /** The grid: batch x precision x threads; the best (bf16, 1 thread, 64) is {@code gap} below the next. */
    static List<RaceSimulation.Truth> surface(double gap, double cv) {
        Map<Integer, Double> batchCost = Map.of(32, 1.0, 64, 1.0, 128, 0.88, 256, 0.87);
        Map<Integer, Double> acc = Map.of(32, 0.845, 64, 0.85, 128, 0.815, 256, 0.80);
        List<RaceSimulation.Truth> out = new ArrayList<>();
        for (int batch : new int[] {32, 64, 128, 256}) {
            for (String p : new String[] {"fp32", "amp-bf16"}) {
                for (int threads : new int[] {1, 2}) {
                    double e = 100 * batchCost.get(batch) * (p.equals("fp32") ? 2.6 : 1) * (threads == 1 ? 0.8 : 1);
                    if (batch == 64 && p.equals("amp-bf16") && threads == 1) {
                        e = 100 * 0.8 / (1 + gap); // the true best
                    }
                    double sd = batch == 256 ? 0.015 : 0.005;
                    out.add(new RaceSimulation.Truth("batch-size=" + batch + " precision=" + p + " threads=" + threads, e,
                            threads == 1 ? cv * 0.7 : cv, acc.get(batch), sd, e / 10));
                }
            }
        }
        return out;
    }

    static final String BEST = "batch-size=64 precision=amp-bf16 threads=1";

    record Rate(int found, int races, double trials, int blocks) {
    }

    static Rate rate(List<RaceSimulation.Truth> truth, int races, Race.Rules rules, double outliers) {
        int found = 0;
        double trials = 0;
        int blocks = 0;
        for (int s = 0; s < races; s++) {
            RaceSimulation.Simulated r = RaceSimulation.simulate(rules, truth, DEFAULT, 0.05, outliers, Race.Budget.NONE, 1000 + s);
            found += r.chosen().equals(Optional.of(BEST)) ? 1 : 0;
            trials += r.trials();
            blocks += r.blocks();
        }
        return new Rate(found, races, trials / races, blocks);
    }

    @Test
    void findsTheTrueBestInAtLeast95PercentOfSeededRacesAndSpendsLessThanTheGrid() {
        Rate r = rate(surface(0.10, 0.09), 400, RULES, 0.02);
        System.out.printf("race, best 10 %% ahead, 9 %% noise, 2 %% disturbed: true best in %d of %d, %.1f trials"
                + " per race against %d for the grid at 8 blocks%n", r.found(), r.races(), r.trials(), 16 * 8);
        assertTrue(r.found() >= 0.95 * r.races(), r.toString());
        assertTrue(r.trials() < 16 * 8 * 0.5, r.toString());
        // beside the claim, what the same design does where the noise or the gap differ (printed, not asserted)
        for (double[] g : new double[][] {{0.10, 0.06}, {0.10, 0.12}, {0.05, 0.09}, {0.20, 0.09}}) {
            Rate x = rate(surface(g[0], g[1]), 400, RULES, 0.02);
            System.out.printf("race, best %.0f %% ahead, %.0f %% noise, 2 %% disturbed: true best in %d of %d, %.1f"
                    + " trials per race%n", 100 * g[0], 100 * g[1], x.found(), x.races(), x.trials());
        }
    }

    @Test
    void neverChoosesACandidateThatCannotReachTheTarget() {
        List<RaceSimulation.Truth> t = new ArrayList<>(surface(0.10, 0.09));
        // the cheapest of all is far below the target: it must never be the answer
        t.add(new RaceSimulation.Truth("batch-size=512 precision=amp-bf16 threads=1", 30, 0.06, 0.70, 0.01, 3));
        for (int s = 0; s < 200; s++) {
            RaceSimulation.Simulated r = RaceSimulation.simulate(RULES, t, DEFAULT, 0.05, 0.02, Race.Budget.NONE, s);
            assertFalse(r.chosen().equals(Optional.of("batch-size=512 precision=amp-bf16 threads=1")), "seed " + s);
        }
    }

    @Test
    void aRaceWhoseCandidatesAllMissTheTargetChoosesNone() {
        List<RaceSimulation.Truth> t = List.of(new RaceSimulation.Truth("a", 10, 0.05, 0.7, 0.01, 1),
                new RaceSimulation.Truth("b", 12, 0.05, 0.71, 0.01, 1));
        RaceSimulation.Simulated r = RaceSimulation.simulate(RULES, t, "a", 0.05, 0, Race.Budget.NONE, 1);
        assertEquals(Optional.empty(), r.chosen());
    }

    @Test
    void aBudgetStopsTheRaceBeforeTheBlockThatWouldOverrunIt() {
        int[] spent = {0};
        Race.Budget trials40 = (next, running) -> spent[0] + running > 40 ? Optional.of("over 40") : Optional.empty();
        List<String> names = List.of("a", "b", "c");
        Race.Trace t = Race.run(RULES, names, "a", (b, running) -> {
            spent[0] += running.size();
            Map<String, Race.Figures> m = new LinkedHashMap<>();
            running.forEach(c -> m.put(c, new Race.Figures(10 + b % 2, 0.9, 1)));
            return Optional.of(m);
        }, (next, running) -> spent[0] + running > 7 ? Optional.of("the trial budget (7) would be overrun")
                : Optional.empty(), 1);
        assertEquals(2, t.blocks());
        assertEquals(Optional.of(new Race.Stop(Race.End.BUDGET, "the trial budget (7) would be overrun")), t.stop());
        assertTrue(t.choice().isPresent());
    }

    @Test
    void tiedValuesAreNoEvidenceAndEliminateNobody() {
        Race.Trace t = Race.run(RULES, List.of("a", "b"), "a", (b, running) -> {
            Map<String, Race.Figures> m = new LinkedHashMap<>();
            running.forEach(c -> m.put(c, new Race.Figures(c.equals("a") ? 10 : 20, 0.9, 1)));
            return Optional.of(m);
        }, Race.Budget.NONE, 1);
        assertEquals(List.of("a", "b"), t.survivors(), "a ratio of exactly 2 in every block has no spread");
        assertEquals(8, t.blocks());
    }

    @Test
    void aFailedTrialTakesItsCandidateOut() {
        Race.Trace t = Race.run(RULES, List.of("a", "b", "c"), "a", (b, running) -> {
            Map<String, Race.Figures> m = new LinkedHashMap<>();
            running.forEach(c -> m.put(c, c.equals("c") ? Race.Figures.FAILED : new Race.Figures(10 + b, 0.9, 1)));
            return Optional.of(m);
        }, Race.Budget.NONE, 1);
        Race.Exit e = t.looks().get(0).exits().get(0);
        assertEquals("c", e.candidate());
        assertEquals(Race.Why.FAILED, e.why());
        assertEquals(1, e.block());
    }

    @Test
    void theRunStopsWaitingWhereABlockIsIncomplete() {
        Race.Trace t = Race.run(RULES, List.of("a", "b"), "a", (b, running) -> b <= 3
                ? Optional.of(Map.of("a", new Race.Figures(10 + b, 0.9, 1), "b", new Race.Figures(11 + b * 1.1, 0.9, 1)))
                : Optional.empty(), Race.Budget.NONE, 1);
        assertEquals(3, t.blocks());
        assertFalse(t.ended());
        assertTrue(t.choice().isEmpty());
    }

    @Test
    void aPooledRatioOfTwoIsThePairedIntervalAndMoreCandidatesLendItDegreesOfFreedom() {
        double[] a = {10, 11, 9.5, 10.4};
        double[] b = {5.1, 5.4, 5.0, 5.3};
        Map<String, double[]> two = new LinkedHashMap<>();
        two.put("a", a);
        two.put("b", b);
        Race.Pooled p = Race.ratio(two, "b", "a", 0.95);
        Interval paired = Comparison.paired(a, b, Comparison.Scale.RATIO, 0).interval();
        assertEquals(paired.estimate(), p.interval().estimate(), 1e-12);
        assertEquals(paired.low(), p.interval().low(), 1e-9);
        assertEquals(paired.high(), p.interval().high(), 1e-9);
        assertEquals(3, p.df());
        // a candidate that left after two blocks: its ratio is over those two, the spread pooled over all five
        Map<String, double[]> five = new LinkedHashMap<>(two);
        five.put("a", new double[] {10, 11, Double.NaN, Double.NaN});
        five.put("c", new double[] {20, 21, 19, 20.5});
        five.put("d", new double[] {7, 7.9, 6.8, 7.3});
        five.put("e", new double[] {12, 12.2, 11.1, 12.6});
        Race.Pooled q = Race.ratio(five, "b", "a", 0.95);
        assertEquals(2, q.blocks());
        assertEquals(5, q.candidates());
        assertEquals(4, q.df());
        assertTrue(q.interval().bounded() && q.interval().high() < 1, q.toString());
    }
}
