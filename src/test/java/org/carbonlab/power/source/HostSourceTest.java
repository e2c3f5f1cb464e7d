package org.carbonlab.power.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.carbonlab.power.PowerException;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.hardware.JnaNvml;

/**
 * A hypervisor-side exporter's energy of this VM, read from fake trees and power files as Scaphandre's QEMU exporter
 * and PowerJoular's VM mode lay them out: counters accumulate and wrap, a counter going back without a range and a
 * stale power file are refused readings, and bad or missing exporters are refused in one line.
 */
class HostSourceTest {

    @TempDir
    Path tmp;

    private Path tree(long energy, Long maxRange) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("scaphandre/intel-rapl:0"));
        Files.writeString(d.resolve("energy_uj"), energy + "\n");
        if (maxRange != null) {
            Files.writeString(d.resolve("max_energy_range_uj"), maxRange + "\n");
        }
        return d.getParent();
    }

    private static void set(Path tree, long energy) throws IOException {
        Files.writeString(tree.resolve("intel-rapl:0/energy_uj"), energy + "\n");
    }

    @Test
    void aScaphandreTreeIsAMeasuredCounterOfTheWholeVmThatWraps() throws IOException {
        Path tree = tree(900_000_000L, 1_000_000_000L);
        HostSource s = new HostSource(tree);
        assertTrue(s.status().available(), s.status().detail());
        assertEquals("host:intel-rapl:0", s.channels().get(0).id());
        assertEquals(Provenance.MEASURED_HOST_EXPORTER, s.channels().get(0).counter());
        assertEquals("measured:host-exporter", Provenance.MEASURED_HOST_EXPORTER.label());
        assertTrue(s.channels().get(0).inTotal());
        assertEquals(0, s.read(0).get(0).energyJoules(), 1e-12);
        set(tree, 950_000_000L);
        assertEquals(50, s.read(1).get(0).energyJoules(), 1e-9);
        set(tree, 20_000_000L); // wrapped at 1000 J: 50 J to the wrap, 20 J after it
        assertEquals(120, s.read(2).get(0).energyJoules(), 1e-9);
    }

    @Test
    void aCounterThatGoesBackWithoutARangeIsRefusedNotCountedAsAWrap() throws IOException {
        Path tree = tree(500_000_000L, null);
        HostSource s = new HostSource(tree);
        s.read(0);
        set(tree, 100_000_000L);
        Reading r = s.read(1).get(0);
        assertFalse(r.ok());
        assertTrue(r.error().contains("went back from 500000000 to 100000000 uJ")
                && r.error().contains("no max_energy_range_uj"), r.error());
        set(tree, 130_000_000L); // counting goes on from where the exporter restarted
        assertEquals(30, s.read(2).get(0).energyJoules(), 1e-9);
    }

    @Test
    void aPowerFileIsReadWithItsTimestampAndRefusedWhenStale() throws IOException {
        Path file = tmp.resolve("vm-power");
        AtomicLong now = new AtomicLong(1_800_000_000_000L);
        Files.writeString(file, "1800000000 42.5\n");
        HostSource s = new HostSource(file, now::get);
        assertTrue(s.status().available(), s.status().detail());
        assertEquals("host:power", s.channels().get(0).id());
        assertEquals(Provenance.MEASURED_HOST_EXPORTER, s.channels().get(0).power());
        assertEquals(42.5, s.read(0).get(0).powerWatts(), 1e-12);
        now.addAndGet(6_000); // 6 s later, nothing new written
        Reading stale = s.read(1).get(0);
        assertFalse(stale.ok());
        assertTrue(stale.error().contains("is stale: written 6 s ago"), stale.error());
        Files.writeString(file, "1800000006,40\n");
        assertEquals(40, s.read(2).get(0).powerWatts(), 1e-12);
        Files.writeString(file, "12.5\n"); // no timestamp: the file's modification time, just now
        assertEquals(12.5, new HostSource(file).read(0).get(0).powerWatts(), 1e-12);
        // a file found stale, or written by a clock in the future, cannot be opened at all
        Files.writeString(file, "1799999000 30\n");
        assertTrue(new HostSource(file, now::get).status().detail().contains("is stale: written 1006 s ago"));
        Files.writeString(file, "1800000100 30\n");
        assertTrue(new HostSource(file, now::get).status().detail().contains("94 s in the future"),
                new HostSource(file, now::get).status().detail());
    }

    @Test
    void badOrMissingExportersAreRefusedInOneLine() throws IOException {
        PowerSources.Options o = new PowerSources.Options(tmp.resolve("no-powercap"), JnaNvml::new,
                EstimateSource.Config.defaults(), () -> new ProcessTree(false), List.of(tmp.resolve("none")));
        for (String[] bad : new String[][] {
            {"host:" + tmp.resolve("missing"), "no host exporter at " + tmp.resolve("missing")},
            {"host:" + Files.createDirectories(tmp.resolve("empty")), "no energy_uj under"},
            {"host:" + write("garbage/energy_uj", "lots"), "not a counter of microjoules"},
            {"host:" + write("power.txt", "warm"), "not WATTS or EPOCH_SECONDS WATTS"},
            {"host:" + write("power2.txt", "1800000000 -3"), "not WATTS or EPOCH_SECONDS WATTS"},
            {"host", "no host exporter at " + tmp.resolve("none")}}) {
            String name = bad[0].endsWith("energy_uj") ? bad[0].substring(0, bad[0].lastIndexOf('/')) : bad[0];
            PowerException e = org.junit.jupiter.api.Assertions.assertThrows(PowerException.class,
                    () -> PowerSources.open(List.of(name), o));
            assertTrue(e.getMessage().contains(bad[1]) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void autoTakesTheHostExporterWhereRaplCannotRead() throws IOException {
        Path tree = tree(1_000_000L, null);
        PowerSources.Options o = new PowerSources.Options(tmp.resolve("no-powercap"), JnaNvml::new,
                EstimateSource.Config.defaults(), () -> new ProcessTree(false), List.of(tmp.resolve("none"), tree));
        try (PowerSources.Selection sel = PowerSources.open(List.of("auto"), o)) {
            assertTrue(sel.sources().stream().anyMatch(s -> s.id().equals("host")), sel.statuses().toString());
            assertFalse(sel.sources().stream().anyMatch(s -> s.id().equals("estimate")),
                    "a measurement of the VM, not an estimate, where the host offers one");
        }
    }

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }
}
