package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way to meter: sampler, trace and meter started and stopped together. */
class MeteringTest {

    @Test
    void measuresAWindowAndWritesItsTraceThenStops(@TempDir Path dir) throws Exception {
        FakeSource src = new FakeSource("fake").power("a", t -> 10.0);
        Path trace = dir.resolve("power.csv");
        Measurement m;
        Metering metering;
        try (Metering opened = Metering.start(List.of(src), List.of(src.status()), Duration.ofMillis(10),
                Optional.of(trace))) {
            metering = opened;
            opened.meter().begin("w");
            Thread.sleep(150);
            opened.meter().mark("half");
            Thread.sleep(100);
            m = opened.meter().end();
        }
        // 10 W over the window: the integral is 10 J per second measured
        assertEquals(10.0 * m.whole().durationSeconds(), m.whole().total().joules(), 0.5);
        assertEquals(List.of("w", "half"), m.segments().stream().map(WindowEnergy::label).toList());
        PowerTrace.Contents t = PowerTrace.read(trace);
        assertTrue(t.ticks().size() >= 10, "the trace holds the samples: " + t.ticks().size());
        assertEquals(List.of("begin:w", "mark:half", "end:w"), t.marks().stream().map(PowerTrace.Mark::label).toList());
        long ticks = metering.sampler().tickCount();
        Thread.sleep(60);
        assertEquals(ticks, metering.sampler().tickCount(), "closing stopped the sampler");
        assertFalse(Files.readString(trace).isEmpty());
    }

    @Test
    void aTraceThatCannotBeWrittenIsRefusedAtStart(@TempDir Path dir) throws Exception {
        FakeSource src = new FakeSource("fake").power("a", t -> 1.0);
        Path underAFile = Files.writeString(dir.resolve("file"), "x").resolve("power.csv");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Metering.start(List.of(src),
                List.of(src.status()), Duration.ofMillis(10), Optional.of(underAFile)));
        assertTrue(e.getMessage().contains("cannot write power trace"), e.getMessage());
    }
}
