package org.carbonlab.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class CarbonAwareSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private static IntensitySeries random(long seed, List<String> zones, int hours) {
        Random rnd = new Random(seed);
        Map<String, List<IntensitySeries.Point>> m = new LinkedHashMap<>();
        for (String z : zones) {
            List<IntensitySeries.Point> pts = new ArrayList<>();
            for (int h = 0; h < hours; h++) {
                pts.add(new IntensitySeries.Point(T0.plus(Duration.ofHours(h)), 20 + rnd.nextInt(600)));
            }
            m.put(z, pts);
        }
        return new IntensitySeries(m, "random seed " + seed, CarbonIntensity.Type.AVERAGE);
    }

    @RepeatedTest(20)
    void matchesBruteForceOverEveryMinuteOnRandomSeries(RepetitionInfo info) {
        long seed = info.getCurrentRepetition();
        Random rnd = new Random(seed * 31);
        List<String> zones = List.of("A", "B", "C");
        IntensitySeries s = random(seed, zones, 48);
        Duration job = Duration.ofMinutes(30 + rnd.nextInt(8 * 60)); // not a whole number of hours, mostly
        Instant notBefore = T0.plus(Duration.ofMinutes(rnd.nextInt(6 * 60)));
        Instant deadline = T0.plus(Duration.ofHours(40)).plus(Duration.ofMinutes(rnd.nextInt(8 * 60)));
        CarbonAwareScheduler.Plan plan = CarbonAwareScheduler.plan(s, zones, job, 800, Pue.of(1.2), notBefore,
                deadline);
        double brute = Double.MAX_VALUE;
        for (String z : zones) {
            for (Instant t = notBefore; !t.plus(job).isAfter(deadline); t = t.plus(Duration.ofMinutes(1))) {
                double m = CarbonAwareScheduler.mean(s, z, t, job);
                if (!Double.isNaN(m)) {
                    brute = Math.min(brute, m);
                }
            }
        }
        assertTrue(plan.best().intensity() <= brute + 1e-9, "scheduler " + plan.best().intensity() + " > brute " + brute);
        assertTrue(!plan.best().start().isBefore(notBefore) && !plan.best().start().plus(job).isAfter(deadline));
        assertEquals(CarbonAwareScheduler.mean(s, plan.best().zone(), plan.best().start(), job),
                plan.best().intensity(), 1e-9);
        assertEquals("A", plan.now().zone());
        assertEquals(notBefore, plan.now().start());
        assertEquals(1 - plan.best().co2e().grams() / plan.now().co2e().grams(), plan.savingRatio(), 1e-12);
    }

    @Test
    void co2eIsEnergyTimesPueTimesMeanIntensity() {
        IntensitySeries s = new IntensitySeries(Map.of("Z", List.of(new IntensitySeries.Point(T0, 300),
                new IntensitySeries.Point(T0.plus(Duration.ofHours(1)), 100),
                new IntensitySeries.Point(T0.plus(Duration.ofHours(2)), 100))), "hand", CarbonIntensity.Type.AVERAGE);
        CarbonAwareScheduler.Plan p = CarbonAwareScheduler.plan(s, List.of("Z"), Duration.ofHours(2), 1000, Pue.of(1.5),
                T0, T0.plus(Duration.ofHours(3)));
        assertEquals(T0.plus(Duration.ofHours(1)), p.best().start());
        assertEquals(100.0, p.best().intensity(), 1e-9);
        assertEquals(2 * 1.5 * 100, p.best().co2e().grams(), 1e-9);     // 2 kWh x 1.5 x 100 g
        assertEquals(200.0, p.now().intensity(), 1e-9);
        assertEquals(0.5, p.savingRatio(), 1e-12);
    }

    @Test
    void aDeadlineShorterThanTheJobIsAClearError() {
        IntensitySeries s = random(1, List.of("A"), 24);
        org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class, () -> CarbonAwareScheduler.plan(s,
                List.of("A"), Duration.ofHours(6), 500, Pue.of(1.1), T0, T0.plus(Duration.ofHours(4))));
        assertTrue(e.getMessage().contains("a 6h job cannot start at") && e.getMessage().contains("only 4h"),
                e.getMessage());
    }
}
