package org.carbonlab.power.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.hardware.ProcStat;

class ProcessTreeTest {

    @TempDir
    Path proc;

    /** Writes a /proc/PID/stat line with the given counters (clock ticks) and resident pages. */
    private void stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime, long rss)
            throws IOException {
        Path d = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(d.resolve("stat"), pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194304 10 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 4 0 12345 999999 " + rss
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
    }

    @Test
    void parsesCommandNamesWithSpacesAndParentheses() {
        ProcStat s = ProcStat.parse("42 (python (train) x) R 7 1 1 0 -1 0 0 0 0 0 "
                + "150 30 5 1 20 0 1 0 100 200 2560 0");
        assertEquals(42, s.pid());
        assertEquals(7, s.ppid());
        assertEquals(150, s.utime());
        assertEquals(30, s.stime());
        assertEquals(5, s.cutime());
        assertEquals(1, s.cstime());
        assertEquals(2560, s.rssPages());
    }

    @Test
    void sumsLiveDescendantsAndReapedChildrenButNotStrangers() throws IOException {
        stat(100, "java", 1, 500, 100, 20, 10, 1000);          // us: 6 s own, 0.3 s of reaped children
        stat(200, "python (train) x", 100, 300, 50, 0, 0, 2000); // child
        stat(300, "sh", 200, 40, 10, 5, 5, 100);                 // grandchild with a reaped child of its own
        stat(400, "sshd", 1, 9999, 9999, 0, 0, 5000);            // not ours
        ProcessTree tree = new ProcessTree(proc, 100, false);
        // baseline taken at creation; grow the tree and read again
        stat(200, "python (train) x", 100, 400, 60, 0, 0, 3000);   // +1.1 s
        stat(300, "sh", 200, 60, 10, 5, 5, 100);                    // +0.2 s
        ProcessTree.Usage u = tree.usage();
        assertEquals(1.3, u.cpuSeconds(), 1e-9);
        assertEquals((3000 + 100) * 4096L, u.residentBytes());
        assertEquals(2, u.processes());
    }

    @Test
    void includesItselfWhenAskedAndNeverGoesBackwards() throws IOException {
        stat(100, "java", 1, 500, 100, 0, 0, 1000);
        stat(200, "child", 100, 100, 0, 0, 0, 10);
        ProcessTree tree = new ProcessTree(proc, 100, true);
        stat(100, "java", 1, 600, 100, 0, 0, 1000);
        assertEquals(1.0, tree.usage().cpuSeconds(), 1e-9);
        // the child exits but is not yet reaped into our cutime: its time is briefly invisible, the total holds
        // (the stat file of an ended process fails to read on procfs; this fake one reads empty)
        Files.writeString(proc.resolve("200/stat"), "");
        assertEquals(1.0, tree.usage().cpuSeconds(), 1e-9);
        stat(100, "java", 1, 600, 100, 100, 0, 1000); // reaped: its 1 s lands in our cutime
        assertEquals(1.0, tree.usage().cpuSeconds(), 1e-9); // 6 s own + 1 s reaped - 6 s baseline
    }

    @Test
    void aChildFoundLateIsCountedWholeAndAReusedPidIsDropped() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        stat(200, "child", 100, 100, 0, 0, 0, 0);
        ProcessTree tree = new ProcessTree(proc, 100, false);       // read 0: full scan, baseline 1 s
        stat(500, "late", 100, 250, 50, 0, 0, 0);                    // a new child with 3 s already
        assertEquals(0.0, tree.usage().cpuSeconds(), 1e-9);          // between scans: not seen yet
        for (int i = 2; i < ProcessTree.RESCAN_EVERY; i++) {
            tree.usage();
        }
        assertEquals(3.0, tree.usage().cpuSeconds(), 1e-9);          // the rescan finds it, with all its time
        stat(200, "stranger", 1, 5000, 0, 0, 0, 0);                  // pid 200 exited and was reused outside the tree
        assertEquals(3.0, tree.usage().cpuSeconds(), 1e-9);
    }

    @Test
    void aMemberThatEndsIsCountedWholeAtTheReadThatSeesItGone() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        ProcessTree tree = new ProcessTree(proc, 100, false);
        stat(600, "train", 100, 100, 0, 0, 0, 0);
        tree.track(600);
        assertEquals(1.0, tree.usage().cpuSeconds(), 1e-9);
        // it ran 0.5 s more, ended and was reaped: its 1.5 s are in our cutime, its stat file answers no more
        Files.writeString(proc.resolve("600/stat"), "");
        stat(100, "java", 1, 0, 0, 150, 0, 0);
        assertEquals(1.5, tree.usage().cpuSeconds(), 1e-9);
        assertEquals(0, tree.usage().processes());
    }

    @Test
    void aChildNobodyTrackedThatEndsBetweenRescansCountsAtTheNextRescan() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        ProcessTree tree = new ProcessTree(proc, 100, false);     // read 0: our line read, a rescan
        stat(100, "java", 1, 0, 0, 70, 0, 0);                       // a child we never saw: reaped, 0.7 s
        for (int i = 1; i < ProcessTree.RESCAN_EVERY; i++) {
            assertEquals(0.0, tree.usage().cpuSeconds(), 1e-9);     // our line is not read between rescans
        }
        assertEquals(0.7, tree.usage().cpuSeconds(), 1e-9);
    }

    @Test
    void aTrackedChildCountsFromItsFirstTick() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        ProcessTree tree = new ProcessTree(proc, 100, false);
        stat(600, "train", 100, 40, 10, 0, 0, 0);
        tree.track(600);
        assertEquals(0.5, tree.usage().cpuSeconds(), 1e-9);
    }

    @Test
    void findsGrandchildrenInTheThreadsChildLists() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        Files.createDirectories(proc.resolve("100/task/100"));
        Files.createDirectories(proc.resolve("100/task/101"));
        Files.writeString(proc.resolve("100/task/100/children"), "");
        Files.writeString(proc.resolve("100/task/101/children"), "200 ");  // started by another thread of ours
        stat(200, "sh", 100, 10, 0, 0, 0, 0);
        Files.createDirectories(proc.resolve("200/task/200"));
        Files.writeString(proc.resolve("200/task/200/children"), "300 ");
        stat(300, "python", 200, 20, 0, 0, 0, 0);
        stat(400, "sshd", 1, 9999, 0, 0, 0, 0);                     // not listed by any of ours: never read
        ProcessTree tree = new ProcessTree(proc, 100, false);
        stat(300, "python", 200, 120, 0, 0, 0, 0);
        ProcessTree.Usage u = tree.usage();
        assertEquals(1.0, u.cpuSeconds(), 1e-9);
        assertEquals(2, u.processes());
    }

    @Test
    void anEndedProcessNoLongerReadsEvenIfItsPidIsReused() throws Exception {
        Process p = new ProcessBuilder("/bin/sleep", "0.1").start();
        ProcStat.File f = ProcStat.File.open(
                Path.of("/proc/" + p.pid() + "/stat"));
        assertEquals(p.pid(), f.read().pid());
        p.waitFor(); // reaped: procfs answers the open file with an error from now on
        assertEquals(null, f.read());
        f.close();
    }

    @Test
    void discoversUntrackedDescendantsInTheRealProcfs() throws Exception {
        ProcessTree tree = new ProcessTree(false);
        Process p = new ProcessBuilder("/bin/sh", "-c", "/bin/sh -c 'sleep 1.5'; true").start(); // not tracked
        int most = 0;
        try {
            while (p.isAlive()) {
                most = Math.max(most, tree.usage().processes());
                Thread.sleep(5);
            }
        } finally {
            p.destroyForcibly();
            tree.close();
        }
        assertTrue(most >= 2, "the shell, its shell and sleep should be found by the rescans, saw " + most);
    }

    @Test
    void readsThisJvmFromTheRealProcfs() {
        ProcessTree tree = new ProcessTree(true);
        long end = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        assertTrue(x > 0);
        ProcessTree.Usage u = tree.usage();
        assertTrue(u.cpuSeconds() > 0.1, "300 ms of busy loop should show >= 0.1 CPU-s, got " + u.cpuSeconds());
        assertTrue(u.residentBytes() > 10_000_000L, "a JVM holds more than 10 MB resident");
    }

    @Test
    void estimateIsCpuSecondsTimesWattsPerCoreAndRamFromResidentSize() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        stat(200, "work", 100, 0, 0, 0, 0, 0);
        ProcessTree tree = new ProcessTree(proc, 100, false);
        EstimateSource est = new EstimateSource(tree, new EstimateSource.Config(10.0, 0.5, Optional.of("Some CPU")),
                CpuCatalog.load());
        stat(200, "work", 100, 250, 50, 0, 0, 244_140);          // 3 CPU-s; 244140 pages = 1.0000 GB
        List<Reading> r = est.read(0);
        assertEquals(30.0, r.get(0).energyJoules(), 1e-9);      // 3 s x 10 W
        assertEquals(0.5 * 244_140 * 4096 / 1e9, r.get(1).powerWatts(), 1e-9);
        assertTrue(est.status().notes().get(0).contains("10.00 W per core, as configured"));
    }

    @Test
    void unknownCpuModelFallsBackToTheDefaultWithAWarning() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        EstimateSource est = new EstimateSource(new ProcessTree(proc, 100, false),
                new EstimateSource.Config(Double.NaN, 0, Optional.of("AMD EPYC")), CpuCatalog.load());
        assertEquals(12.0, est.wattsPerCore(), 1e-9);
        assertTrue(est.status().notes().get(0).startsWith("WARNING: CPU model 'AMD EPYC' is not in the catalog"));
        assertEquals(1, est.channels().size(), "RAM at 0 W/GB is left out");
    }

    @Test
    void specpowerPricesABusyThreadAtItsGenerationsMedianServerWithItsBand() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        stat(200, "work", 100, 0, 0, 0, 0, 0);
        org.carbonlab.hardware.CpuIdentity zen5 = org.carbonlab.hardware.CpuIdentity.parse("vendor_id\t: AuthenticAMD\n"
                + "cpu family\t: 26\nmodel\t\t: 2\nstepping\t: 1\nflags\t\t: fpu hypervisor\n", java.util.Map.of(),
                "kvm-clock");
        EstimateSource est = new EstimateSource(new ProcessTree(proc, 100, false), new EstimateSource.Config(
                Double.NaN, 0.3725, Optional.of("AMD EPYC"), EstimateSource.Model.SPECPOWER, Optional.of(zen5)),
                CpuCatalog.load());
        org.carbonlab.hardware.SpecpowerModels.Model m = org.carbonlab.hardware.SpecpowerModels.load()
                .generation("epyc-gen5").orElseThrow();
        stat(200, "work", 100, 250, 50, 0, 0, 244_140); // 3 CPU-s
        assertEquals(3 * m.full().median(), est.read(0).get(0).energyJoules(), 1e-9);
        assertEquals(org.carbonlab.power.Provenance.ESTIMATED_SPECPOWER, est.channels().get(0).counter());
        org.carbonlab.power.Band b = est.band(EstimateSource.CPU_CHANNEL).orElseThrow();
        assertEquals(m.full().low() / m.full().median(), b.low(), 1e-12);
        assertEquals(m.full().high() / m.full().median(), b.high(), 1e-12);
        assertTrue(b.basis().startsWith("SPECpower, AMD Zen 5, 41 SPECpower servers of epyc-gen5"), b.basis());
        assertFalse(est.channels().get(1).inTotal(), "SPECpower's server watts hold the memory: RAM is not added");
        assertTrue(est.band("estimate:ram").isEmpty());
        // --cpu-tdp-per-core wins: the TDP model, no band
        EstimateSource tdp = new EstimateSource(new ProcessTree(proc, 100, false), new EstimateSource.Config(10.0,
                0.3725, Optional.of("AMD EPYC"), EstimateSource.Model.SPECPOWER, Optional.of(zen5)), CpuCatalog.load());
        assertEquals(org.carbonlab.power.Provenance.ESTIMATED_TDP_MODEL, tdp.channels().get(0).counter());
        assertTrue(tdp.band(EstimateSource.CPU_CHANNEL).isEmpty());
    }

    @Test
    void theWholeVmIsShownBesideTheProcessOnTheCurveAtTheMachinesUtilisation() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        java.nio.file.Files.writeString(proc.resolve("stat"), "cpu  100 0 50 1000 0 0 0 0 0 0\n"
                + "cpu0 50 0 25 500 0 0 0 0 0 0\ncpu1 50 0 25 500 0 0 0 0 0 0\n");
        org.carbonlab.hardware.CpuIdentity zen5 = org.carbonlab.hardware.CpuIdentity.parse("vendor_id\t: AuthenticAMD\n"
                + "cpu family\t: 26\nmodel\t\t: 2\n", java.util.Map.of(), "kvm-clock");
        EstimateSource est = new EstimateSource(new ProcessTree(proc, 100, false), new EstimateSource.Config(
                Double.NaN, 0, Optional.of("AMD EPYC"), EstimateSource.Model.SPECPOWER, Optional.of(zen5)),
                CpuCatalog.load());
        org.carbonlab.hardware.SpecpowerModels.Model m = org.carbonlab.hardware.SpecpowerModels.load()
                .generation("epyc-gen5").orElseThrow();
        assertEquals(List.of(EstimateSource.CPU_CHANNEL, EstimateSource.VM_CHANNEL), est.channels().stream()
                .map(org.carbonlab.power.Channel::id).toList());
        assertFalse(est.channels().get(1).inTotal(), "the process's attribution is the total");
        org.carbonlab.power.Band early = est.band(EstimateSource.VM_CHANNEL).orElseThrow();
        assertTrue(early.basis().endsWith("at any load"), "before a reading the form error is the largest: " + early);
        assertEquals(0, est.read(0).get(1).energyJoules(), 1e-12);
        // 2 s later the machine has been busy for 3 CPU-seconds (300 ticks) of its 2 vCPUs' 4
        java.nio.file.Files.writeString(proc.resolve("stat"), "cpu  300 0 150 1100 0 0 0 0 0 0\n"
                + "cpu0 150 0 75 550 0 0 0 0 0 0\ncpu1 150 0 75 550 0 0 0 0 0 0\n");
        double expected = m.idle().median() * 2 * 2.0 + (m.full().median() - m.idle().median()) * 3.0;
        assertEquals(expected, est.read(2_000_000_000L).get(1).energyJoules(), 1e-9);
        java.nio.file.Files.writeString(proc.resolve("stat"), "intr 1 2 3\n"); // not the CPU line: said, not guessed
        assertEquals("cannot read the machine's CPU time from " + proc.resolve("stat"),
                est.read(3_000_000_000L).get(1).error());
        org.carbonlab.power.Band b = est.band(EstimateSource.VM_CHANNEL).orElseThrow();
        double server = Math.max(m.idle().high() / m.idle().median(), m.full().high() / m.full().median());
        assertTrue(b.low() <= m.full().low() / m.full().median(), "the VM's band holds both ends of the curve: " + b);
        // the VM was 75 % busy (3 of 4 CPU-seconds): the high end carries the line's form error at that load
        double form = org.carbonlab.hardware.LoadCurve.load().highFactor(m.idle().median(), m.full().median(), 0.75);
        assertTrue(form > 1.01, "the forms draw more than the line at 75 % load: " + form);
        assertEquals(server * form, b.high(), 1e-9, b.toString());
        assertTrue(b.basis().contains("at the VM's 75 % load") && b.basis().contains("at idle and 100 % together"),
                b.basis());
        assertTrue(early.high() > b.high(), "the largest form error is larger than at 75 %: " + early + " " + b);
    }

    @Test
    void anUnidentifiedCpuGetsTheFallbackBandAndSaysSo() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        org.carbonlab.hardware.CpuIdentity hygon = org.carbonlab.hardware.CpuIdentity.parse(
                "vendor_id\t: HygonGenuine\ncpu family\t: 24\nmodel\t\t: 1\n", java.util.Map.of(), "");
        EstimateSource est = new EstimateSource(new ProcessTree(proc, 100, false), new EstimateSource.Config(
                Double.NaN, 0, Optional.of("Hygon C86"), EstimateSource.Model.SPECPOWER, Optional.of(hygon)),
                CpuCatalog.load());
        org.carbonlab.hardware.SpecpowerModels.Model all = org.carbonlab.hardware.SpecpowerModels.load()
                .generation(org.carbonlab.hardware.SpecpowerModels.ALL).orElseThrow();
        assertEquals(all.full().median(), est.wattsPerCore(), 1e-12);
        assertTrue(est.status().notes().stream().anyMatch(n -> n.startsWith("WARNING: the CPU's generation is not in"
                + " carbonlab's table")), est.status().notes().toString());
        org.carbonlab.power.Band b = est.band(EstimateSource.CPU_CHANNEL).orElseThrow();
        org.carbonlab.power.Band zen5 = org.carbonlab.hardware.SpecpowerModels.load().generation("epyc-gen5")
                .map(m -> new org.carbonlab.power.Band(m.full().low() / m.full().median(), m.full().high()
                        / m.full().median(), "")).orElseThrow();
        assertTrue(b.high() / b.low() > zen5.high() / zen5.low(), "wider than a generation's: " + b);
        assertEquals(all.full().low() / all.full().median(), b.low(), 1e-12);
        assertEquals(all.full().high() / all.full().median(), b.high(), 1e-12);
        assertTrue(b.basis().contains("left-out generation's servers"), b.basis());
    }

    @Test
    void knownCpuModelUsesTheCatalog() throws IOException {
        stat(100, "java", 1, 0, 0, 0, 0, 0);
        EstimateSource est = new EstimateSource(new ProcessTree(proc, 100, false), new EstimateSource.Config(
                Double.NaN, 0.3725, Optional.of("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz")), CpuCatalog.load());
        assertEquals(7.5, est.wattsPerCore(), 1e-9);
        assertTrue(est.status().notes().get(0).contains("TDP 150 W / 20 cores"), est.status().notes().get(0));
    }
}
