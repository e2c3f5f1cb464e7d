package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-way GPU energy check on synthetic traces whose integrals are known. */
class EnergyCheckTest {

    @TempDir
    Path tmp;

    private static final Instant ORIGIN = Instant.parse("2026-12-01T10:00:00Z");

    /** 10 s of power rising 100 -> 200 W (1,500 J), sampled every 100 ms; the counter moves every {@code every}. */
    private Path trace(int counterEvery) throws Exception {
        StringBuilder sb = new StringBuilder("# carbonlab power trace v1\n# interval_ns,100000000\n# origin_utc,"
                + ORIGIN + "\n# channel,nvml:gpu0,gpu,measured:nvml-counter,measured:nvml-power,true,NVIDIA H200\n"
                + "t_ns,channel,energy_j,power_w,epoch,error\n");
        double counter = 0;
        for (int i = 0; i <= 100; i++) {
            double t = i * 0.1;
            if (i % counterEvery == 0) {
                counter = 100 * t + 5 * t * t; // the exact integral of 100 + 10 t
            }
            sb.append(String.format(Locale.ROOT, "%d,nvml:gpu0,%.6f,%.3f,0,%n", 2_000_000_000L + i * 100_000_000L,
                    counter, 100 + 10 * t));
        }
        Path f = tmp.resolve("power.csv");
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void theCounterThePowerIntegralAndAnExternalLogAgreeOnALinearRamp() throws Exception {
        // nvidia-smi's log: the same ramp at 50 ms, starting 1 s before the window (tick 0 is at origin + 2 s)
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        StringBuilder smi = new StringBuilder("timestamp, power.draw [W]\n");
        for (int i = 0; i <= 240; i++) {
            double t = i * 0.05 - 1;
            smi.append(f.format(ORIGIN.plusMillis(2000 + Math.round(t * 1000)))).append(", ")
                    .append(String.format(Locale.ROOT, "%.2f W%n", 100 + 10 * Math.max(0, t)));
        }
        smi.append("2026/12/01 10:00:0"); // a line cut short by the kill
        Path log = tmp.resolve("smi.csv");
        Files.writeString(log, smi);
        EnergyCheck c = EnergyCheck.of(trace(1), "nvml:gpu0", Optional.of(log));
        assertEquals(10.0, c.seconds(), 1e-9);
        assertEquals(101, c.samples());
        assertEquals(1500.0, c.counterJ(), 1e-3);
        assertEquals(1500.0, c.powerIntegralJ(), 1e-3);
        assertEquals(1500.0, c.externalJ(), 1e-2);
        assertEquals(201, c.externalSamples());
        assertEquals(100, c.counterUpdates());
        assertEquals(100.0, c.counterPeriodMs(), 1e-6);
        assertEquals(java.util.List.of(), c.notes());
        assertTrue(c.markdown().contains("| integral of sampled power (101 samples in 10.0 s) | 1500.0 | +0.00 % |"),
                c.markdown());
    }

    @Test
    void aCounterThatLagsIsMeasuredAndAWindowTooShortForItIsFlagged() throws Exception {
        EnergyCheck lagging = EnergyCheck.of(trace(10), "nvml:gpu0", Optional.empty()); // moves every second
        assertEquals(10, lagging.counterUpdates());
        assertEquals(1000.0, lagging.counterPeriodMs(), 1e-6);
        assertEquals(1500.0, lagging.counterJ(), 1e-3, "the window ends on an update");

        EnergyCheck never = EnergyCheck.of(trace(1000), "nvml:gpu0", Optional.empty());
        assertTrue(Double.isNaN(never.counterJ()));
        assertTrue(never.notes().get(0).startsWith("the counter never moved in this 10.0 s window"), never.notes()
                .toString());
        assertTrue(assertThrows(PowerException.class, () -> EnergyCheck.of(trace(1), "nvml:gpu1", Optional.empty()))
                .getMessage().endsWith("has no channel nvml:gpu1; it has [nvml:gpu0]"));
    }
}
