package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import org.carbonlab.hardware.MachineActivity;
import org.carbonlab.results.Disturbance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quiet-machine gate on a fake load source, procfs read from a fake tree, and the disturbance thresholds. */
class QuietGateTest {

    @TempDir
    Path tmp;

    /** Snapshots one second apart whose busy CPU grows by the given cores each second. */
    private static java.util.function.Supplier<MachineActivity> load(double... coresPerSecond) {
        Iterator<Double> it = java.util.Arrays.stream(coresPerSecond).boxed().iterator();
        double[] busy = {0};
        long[] t = {0};
        return () -> {
            MachineActivity a = new MachineActivity(t[0], busy[0], 0, Double.NaN, 2, Double.NaN);
            t[0] += 1_000_000_000L;
            busy[0] += it.hasNext() ? it.next() : 0;
            return a;
        };
    }

    @Test
    void theGateWaitsWhileTheMachineIsBusyAndGivesUpAtMaxWait() throws Exception {
        // busy (1.0 and 0.5 of a core) for two seconds, then quiet (0.05)
        QuietGate.Waited w = new QuietGate(load(1.0, 0.5, 0.05, 0.05), Duration.ofMillis(1)).await(Duration.ofSeconds(60));
        assertTrue(w.quiet());
        QuietGate.Waited never = new QuietGate(load(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                Duration.ofMillis(10)).await(Duration.ofMillis(50));
        assertFalse(never.quiet(), "still busy when the wait ran out");
        assertTrue(never.waitedSeconds() >= 0.05 && never.waitedSeconds() < 5, "bounded: " + never.waitedSeconds());
    }

    @Test
    void procfsIsReadForBusyStolenAndStalledTime() throws Exception {
        Files.writeString(tmp.resolve("stat"), "cpu  1000 50 200 9000 30 10 40 25 0 0\ncpu0 500 25 100 4500 15 5 20"
                + " 12 0 0\ncpu1 500 25 100 4500 15 5 20 13 0 0\nintr 1 2 3\n");
        Files.createDirectories(tmp.resolve("pressure"));
        Files.writeString(tmp.resolve("pressure/cpu"), "some avg10=1.00 avg60=0.50 avg300=0.10 total=2500000\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        Files.createDirectories(tmp.resolve("sys/cpu0/cpufreq"));
        Files.writeString(tmp.resolve("sys/cpu0/cpufreq/scaling_cur_freq"), "3000000\n");
        Files.createDirectories(tmp.resolve("sys/cpu1/cpufreq"));
        Files.writeString(tmp.resolve("sys/cpu1/cpufreq/scaling_cur_freq"), "2000000\n");
        MachineActivity a = MachineActivity.read(tmp, tmp.resolve("sys"));
        assertEquals((1000 + 50 + 200 + 10 + 40) / 100.0, a.busyCpuSeconds(), 1e-9, "user nice system irq softirq");
        assertEquals(0.25, a.stealSeconds(), 1e-9);
        assertEquals(2.5, a.stallSeconds(), 1e-9);
        assertEquals(2, a.cpus());
        assertEquals(2500, a.cpuMhz(), 1e-9, "the CPUs' mean clock from cpufreq");
        Files.delete(tmp.resolve("pressure/cpu"));
        MachineActivity bare = MachineActivity.read(tmp, tmp.resolve("no-sys"));
        assertTrue(Double.isNaN(bare.stallSeconds()), "no PSI: NaN, not 0");
        assertTrue(Double.isNaN(bare.cpuMhz()), "no cpufreq (as on this VM): NaN, not a constant");
        assertTrue(MachineActivity.read().busyCpuSeconds() > 0, "this machine's /proc");
    }

    @Test
    void aTrialIsDisturbedByBusyCpuOutsideItsTreeOrStolenTime() {
        Disturbance quiet = Disturbance.judge(0, null, 10, 2, 0.5, 0, Double.NaN, Double.NaN);
        assertFalse(quiet.disturbed());
        assertNull(quiet.reason());
        assertNull(quiet.stallSeconds());
        Disturbance busy = Disturbance.judge(3, false, 10, 2, 2.5, 0.1, 1.0, Double.NaN);
        assertTrue(busy.disturbed());
        assertEquals("2.5 CPU-s outside the measured tree (25 % of a core)", busy.reason());
        Disturbance stolen = Disturbance.judge(0, true, 10, 2, 0, 0.5, 1.0, Double.NaN);
        assertEquals("0.5 s stolen by the hypervisor", stolen.reason());
        assertNull(Disturbance.judge(0, null, 10, 2, Double.NaN, 0, 0, Double.NaN).outsideCpuSeconds(), "unknown, not 0");
        assertEquals(List.of(false), List.of(Disturbance.judge(0, null, 10, 2, Double.NaN, 0, 0, Double.NaN).disturbed()));
    }
}
