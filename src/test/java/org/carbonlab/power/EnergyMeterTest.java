package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class EnergyMeterTest {

    private final ManualClock clock = new ManualClock();

    private static double s(long nanos) {
        return nanos / 1e9;
    }

    /** Runs a window of {@code seconds} sampled every {@code step} seconds, driving the clock by hand. */
    private Measurement window(PowerSource source, double seconds, double step) {
        Sampler sampler = new Sampler(List.of(source), Duration.ofMillis(100), clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of(source.status()));
        meter.begin("w");
        int n = (int) Math.round(seconds / step);
        for (int i = 1; i < n; i++) {
            clock.advanceSeconds(step);
            sampler.sampleNow();
        }
        clock.advanceSeconds(step);
        return meter.end();
    }

    @Test
    void windowsOpenedWhileTheSamplerThreadTicksNeverDeadlock() {
        // begin() once took the meter's lock, then the sampler's, while the sampler's thread held its own lock and
        // waited for the meter's in onTick: a JMH run hung on it. Thousands of windows against a 1 ms sampler.
        Sampler sampler = new Sampler(List.of(new FakeSource("fake").power("cpu", t -> 10.0)), Duration.ofMillis(1));
        EnergyMeter meter = new EnergyMeter(sampler, List.of());
        sampler.start();
        Thread windows = new Thread(() -> {
            for (int i = 0; i < 3000; i++) {
                meter.begin("w" + i);
                meter.mark("m");
                meter.end();
            }
        }, "windows");
        windows.setDaemon(true); // a deadlocked one must not keep the test JVM alive
        windows.start();
        try {
            windows.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(windows.isAlive(), "3,000 windows did not finish in 20 s: the meter and the sampler deadlocked");
        sampler.close();
    }

    @Test
    void constantPowerIntegratesExactly() {
        FakeSource src = new FakeSource("fake").power("gpu0", t -> 250.0);
        DeviceEnergy d = window(src, 10, 0.1).whole().device("fake:gpu0");
        assertEquals(2500.0, d.energy().joules(), 1e-6);
        assertEquals(250.0, d.meanPower().watts(), 1e-6);
        assertEquals(250.0, d.peakPower().watts(), 1e-9);
        assertEquals(1.0, d.coverage(), 1e-9);
        assertEquals("measured:nvml-power", d.provenance().label());
    }

    @Test
    void linearRampIsExactUnderTheTrapezoid() {
        // p(t) = 100 + 20 t over 0..5 s: integral 100*5 + 10*25 = 750 J
        long[] t0 = {-1};
        FakeSource src = new FakeSource("fake").power("gpu0", t -> {
            if (t0[0] < 0) {
                t0[0] = t;
            }
            return 100 + 20 * s(t - t0[0]);
        });
        assertEquals(750.0, window(src, 5, 0.1).whole().total().joules(), 1e-6);
    }

    @Test
    void sineCurveStaysInsideTheTrapezoidErrorBound() {
        // p(t) = 200 + 80 sin(w t); integral over [0,T] = 200 T + 80 (1 - cos(w T)) / w
        double w = 2 * Math.PI / 3.7;
        double T = 10;
        double h = 0.25;
        long[] t0 = {-1};
        FakeSource src = new FakeSource("fake").power("gpu0", t -> {
            if (t0[0] < 0) {
                t0[0] = t;
            }
            return 200 + 80 * Math.sin(w * s(t - t0[0]));
        });
        double exact = 200 * T + 80 * (1 - Math.cos(w * T)) / w;
        double got = window(src, T, h).whole().total().joules();
        double bound = T * h * h / 12 * 80 * w * w; // (b - a) h^2 / 12 * max|p''|
        assertTrue(Math.abs(got - exact) <= bound, "error " + Math.abs(got - exact) + " > bound " + bound);
        assertTrue(Math.abs(got - exact) > 0, "the trapezoid is not exact on a sine; a zero error means no integration");
    }

    @Test
    void counterDeltaWinsOverIntegralAndCoverageIsFull() {
        // cumulative energy 1000 J + 50 W * t, power reported a bit off (55 W): the counter must win
        Channel c = new Channel("fake:gpu0", DeviceKind.GPU, "fake", Provenance.MEASURED_NVML_COUNTER,
                Provenance.MEASURED_NVML_POWER, true);
        FakeSource src = new FakeSource("fake").channel(c, t -> Reading.counterAndPower(1000 + 50 * s(t), 55, 0));
        DeviceEnergy d = window(src, 4, 0.1).whole().device("fake:gpu0");
        assertEquals(200.0, d.energy().joules(), 1e-6);
        assertEquals("measured:nvml-counter", d.provenance().label());
        assertNull(d.note());
    }

    @Test
    void counterRestartFallsBackToPowerIntegralWithAReason() {
        Channel c = new Channel("fake:gpu0", DeviceKind.GPU, "fake", Provenance.MEASURED_NVML_COUNTER,
                Provenance.MEASURED_NVML_POWER, true);
        long[] t0 = {-1};
        FakeSource src = new FakeSource("fake").channel(c, t -> {
            if (t0[0] < 0) {
                t0[0] = t;
            }
            double el = s(t - t0[0]);
            return el < 2 ? Reading.counterAndPower(5000 + 100 * el, 100, 0)
                    : Reading.counterAndPower(100 * (el - 2), 100, 1); // driver reload at 2 s
        });
        DeviceEnergy d = window(src, 4, 0.1).whole().device("fake:gpu0");
        assertEquals(400.0, d.energy().joules(), 1e-6);
        assertEquals("measured:nvml-power", d.provenance().label());
        assertTrue(d.note().contains("restarted"), d.note());
    }

    @Test
    void gapsAreBridgedAndReportedAsLostCoverage() {
        long[] t0 = {-1};
        FakeSource src = new FakeSource("fake").channel(
                new Channel("fake:gpu0", DeviceKind.GPU, "fake", null, Provenance.MEASURED_NVML_POWER, true), t -> {
                    if (t0[0] < 0) {
                        t0[0] = t;
                    }
                    double el = s(t - t0[0]);
                    return el > 2.05 && el < 2.95 ? Reading.failed("sensor busy") : Reading.power(100);
                });
        DeviceEnergy d = window(src, 10, 0.1).whole().device("fake:gpu0");
        assertEquals(1000.0, d.energy().joules(), 1e-6); // constant power: bridging the gap loses nothing
        assertEquals(0.9, d.coverage(), 1e-6);           // 2.0 .. 3.0 s is not covered by consecutive valid samples
    }

    @Test
    void unreadableChannelIsUnknownWithReasonAndMakesTheTotalUnknown() {
        FakeSource src = new FakeSource("fake").power("gpu0", t -> 100.0).channel(
                new Channel("fake:gpu1", DeviceKind.GPU, "fake", null, Provenance.MEASURED_NVML_POWER, true),
                t -> Reading.failed("GPU is lost"));
        WindowEnergy w = window(src, 1, 0.1).whole();
        DeviceEnergy lost = w.device("fake:gpu1");
        assertTrue(Double.isNaN(lost.energy().joules()));
        assertTrue(lost.note().contains("GPU is lost"), lost.note());
        assertTrue(Double.isNaN(w.total().joules()));
        assertTrue(w.totalNote().contains("fake:gpu1"), w.totalNote());
        assertEquals(100.0, w.device("fake:gpu0").energy().joules(), 1e-6);
    }

    @Test
    void channelsOutsideTheTotalAreNotSummed() {
        FakeSource src = new FakeSource("fake").power("pkg", t -> 50.0).channel(
                new Channel("fake:core", DeviceKind.CPU_CORE, "inside pkg", null, Provenance.MEASURED_RAPL, false),
                t -> Reading.power(30));
        WindowEnergy w = window(src, 2, 0.1).whole();
        assertEquals(100.0, w.total().joules(), 1e-6);
        assertEquals(60.0, w.device("fake:core").energy().joules(), 1e-6);
    }

    @Test
    void marksSplitTheWindowIntoSegmentsThatAddUp() {
        Sampler sampler = new Sampler(List.of(new FakeSource("fake").power("gpu0", t -> 100.0)),
                Duration.ofMillis(100), clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of());
        meter.begin("train");
        clock.advanceSeconds(1);
        meter.mark("epoch-2");
        clock.advanceSeconds(0.5);
        sampler.sampleNow();
        clock.advanceSeconds(2);
        Measurement m = meter.end();
        assertEquals(List.of("train", "epoch-2"), m.segments().stream().map(WindowEnergy::label).toList());
        assertEquals(100.0, m.segments().get(0).total().joules(), 1e-6);
        assertEquals(250.0, m.segments().get(1).total().joules(), 1e-6);
        assertEquals(350.0, m.whole().total().joules(), 1e-6);
        assertEquals(3.5, m.whole().durationSeconds(), 1e-9);
    }

    @Test
    void windowsMustBeOpenedBeforeUseAndNotTwice() {
        Sampler sampler = new Sampler(List.of(new FakeSource("fake").power("gpu0", t -> 1.0)), Duration.ofMillis(100),
                clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of());
        assertThrows(IllegalStateException.class, meter::end);
        meter.begin("a");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> meter.begin("b"));
        assertTrue(e.getMessage().contains("'a' is still open"), e.getMessage());
        meter.end();
        meter.begin("b"); // reusable after end
        assertFalse(meter.end().segments().isEmpty());
    }

    @Test
    void idleBaselineSplitsStaticFromDynamicEnergy() {
        double[] watts = {40};
        FakeSource src = new FakeSource("fake").power("gpu0", t -> watts[0]);
        Sampler sampler = new Sampler(List.of(src), Duration.ofMillis(100), clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of());
        meter.begin("idle");
        clock.advanceSeconds(2);
        IdleBaseline idle = new IdleBaseline(meter.end().whole());
        watts[0] = 160;
        meter.begin("load");
        clock.advanceSeconds(0.001);
        sampler.sampleNow();
        clock.advanceSeconds(9.999);
        WindowEnergy load = meter.end().whole();
        IdleBaseline.Split total = idle.split(load).get(1);
        assertEquals("total", total.channelId());
        assertEquals(400.0, total.staticEnergy().joules(), 1e-6);          // 40 W x 10 s
        assertEquals(load.total().joules() - 400.0, total.dynamicEnergy().joules(), 1e-9);
        assertEquals(40.0, idle.idlePower("fake:gpu0").watts(), 1e-9);
    }
}
