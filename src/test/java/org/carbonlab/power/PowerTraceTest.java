package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.carbonlab.power.source.ReplaySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerTraceTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private Measurement record(Path file) {
        Channel counter = new Channel("x:pkg", DeviceKind.CPU, "package, with a comma", Provenance.MEASURED_RAPL, null,
                true);
        long[] t0 = {-1};
        FakeSource src = new FakeSource("x").channel(counter, t -> {
            if (t0[0] < 0) {
                t0[0] = t;
            }
            return Reading.counter(40 * (t - t0[0]) / 1e9, 0);
        }).power("gpu0", t -> t0[0] >= 0 && (t - t0[0]) / 1e9 > 1.45 && (t - t0[0]) / 1e9 < 1.55
                ? Double.NaN : 100.0 + (t - t0[0]) / 1e8);
        Sampler sampler = new Sampler(List.of(src), Duration.ofMillis(100), clock);
        sampler.addListener(PowerTrace.writer(file, sampler.wallClockOrigin()));
        EnergyMeter meter = new EnergyMeter(sampler, List.of());
        meter.begin("run");
        for (int i = 0; i < 30; i++) {
            clock.advanceSeconds(0.1);
            sampler.sampleNow();
            if (i == 14) {
                meter.mark("second-half");
            }
        }
        Measurement m = meter.end();
        sampler.close();
        return m;
    }

    @Test
    void writtenTraceReadsBackTickForTick() throws IOException {
        Path file = dir.resolve("power.csv");
        record(file);
        PowerTrace.Contents c = PowerTrace.read(file);
        assertEquals(2, c.channels().size());
        assertEquals("package; with a comma", c.channels().get(0).description());
        assertEquals(Provenance.MEASURED_RAPL, c.channels().get(0).counter());
        assertEquals(100_000_000L, c.intervalNanos());
        assertEquals(33, c.ticks().size()); // begin + 30 + mark + end
        assertEquals(List.of("begin:run", "mark:second-half", "end:run"),
                c.marks().stream().map(PowerTrace.Mark::label).toList());
        Tick last = c.ticks().get(c.ticks().size() - 1);
        assertEquals(3.0 * 40, last.readings().get(0).energyJoules(), 1e-6);
        assertTrue(Files.readString(file).startsWith(PowerTrace.MAGIC));
    }

    @Test
    void replayingATraceReproducesTheMeasuredEnergy() {
        Path file = dir.resolve("power.csv");
        Measurement original = record(file);
        ReplaySource replay = new ReplaySource(file);
        assertTrue(replay.status().available(), replay.status().detail());
        assertEquals("replay:x:pkg", replay.channels().get(0).id());
        ManualClock c2 = new ManualClock();
        Sampler sampler = new Sampler(List.of(replay), Duration.ofMillis(100), c2);
        EnergyMeter meter = new EnergyMeter(sampler, List.of(replay.status()));
        meter.begin("replay");
        for (int i = 0; i < 30; i++) {
            c2.advanceSeconds(0.1);
            sampler.sampleNow();
        }
        WindowEnergy w = meter.end().whole();
        assertEquals(original.whole().device("x:pkg").energy().joules(), w.device("replay:x:pkg").energy().joules(),
                1e-6);
        assertEquals("replayed", w.device("replay:x:pkg").provenance().label());
        assertEquals(original.whole().device("x:gpu0").energy().joules(),
                w.device("replay:x:gpu0").energy().joules(), 1.0); // trace keeps power to the mW
        c2.advanceSeconds(60);
        Reading after = replay.read(c2.getAsLong()).get(0);
        assertFalse(after.ok());
        assertTrue(after.error().contains("trace ended"));
    }

    @Test
    void notATraceIsRefusedWithLineAndExpectation() throws IOException {
        Path f = Files.writeString(dir.resolve("x.csv"), "a,b,c\n");
        PowerException e = assertThrows(PowerException.class, () -> PowerTrace.read(f));
        assertTrue(e.getMessage().contains(":1: not a carbonlab power trace"), e.getMessage());
        Path g = Files.writeString(dir.resolve("y.csv"), PowerTrace.MAGIC + "\n"
                + "# channel,x:a,gpu,,measured:nvml-power,true,a\n" + PowerTrace.HEADER + "\n" + "12,x:a,,zz,0,\n");
        e = assertThrows(PowerException.class, () -> PowerTrace.read(g));
        assertTrue(e.getMessage().contains("y.csv:4: malformed trace row"), e.getMessage());
        Path h = Files.writeString(dir.resolve("z.csv"), PowerTrace.MAGIC + "\n" + PowerTrace.HEADER + "\n"
                + "12,x:nope,,1,0,\n");
        e = assertThrows(PowerException.class, () -> PowerTrace.read(h));
        assertTrue(e.getMessage().contains("'x:nope' is not declared"), e.getMessage());
    }
}
