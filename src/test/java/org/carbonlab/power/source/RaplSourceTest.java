package org.carbonlab.power.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplSourceTest {

    @TempDir
    Path root;

    private static final long MAX = 262_143_328_850L;

    private Path domain(String dir, String name, long energy) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("energy_uj"), energy + "\n");
        Files.writeString(d.resolve("max_energy_range_uj"), MAX + "\n");
        return d;
    }

    private static void set(Path d, long energy) throws IOException {
        Files.writeString(d.resolve("energy_uj"), energy + "\n");
    }

    private RaplSource open() {
        return new RaplSource(root, RaplSource.keptOpen()); // as the lab reads: files kept open, re-read in place
    }

    @Test
    void aCounterThatIsNotANumberIsAFailedReadingAndTheNextGoodOneCounts() throws IOException {
        Path pkg = domain("intel-rapl:0", "package-0", 1_000_000);
        RaplSource rapl = open();
        set(pkg, 3_000_000);
        assertEquals(2.0, rapl.read(0).get(0).energyJoules(), 1e-9);
        Files.writeString(pkg.resolve("energy_uj"), "garbage\n");
        assertTrue(rapl.read(0).get(0).error().startsWith("cannot read " + pkg.resolve("energy_uj")));
        set(pkg, 4_000_000);
        assertEquals(3.0, rapl.read(0).get(0).energyJoules(), 1e-9);
        rapl.close();
    }

    @Test
    void discoversEveryDomainAndSumsOnlyPackagesAndDram() throws IOException {
        domain("intel-rapl:0", "package-0", 1_000_000);
        domain("intel-rapl:0:0", "core", 0);
        domain("intel-rapl:0:1", "uncore", 0);
        domain("intel-rapl:0:2", "dram", 0);
        domain("intel-rapl:1", "psys", 0);
        Files.createDirectories(root.resolve("intel-rapl")); // the control-type directory is not a domain
        RaplSource rapl = open();
        assertTrue(rapl.status().available(), rapl.status().detail());
        Map<String, Channel> ch = rapl.channels().stream().collect(Collectors.toMap(Channel::id, c -> c));
        assertEquals(5, ch.size(), ch.keySet().toString());
        assertTrue(ch.get("rapl:package-0").inTotal());
        assertEquals(DeviceKind.CPU, ch.get("rapl:package-0").kind());
        assertTrue(ch.get("rapl:dram-0:2").inTotal());
        assertFalse(ch.get("rapl:core-0:0").inTotal());
        assertFalse(ch.get("rapl:uncore-0:1").inTotal());
        assertFalse(ch.get("rapl:psys").inTotal());
        assertTrue(rapl.status().notes().get(0).contains("total sums [rapl:package-0, rapl:dram-0:2]"),
                rapl.status().notes().get(0));
    }

    @Test
    void psysIsSummedWhenThereIsNoPackageDomain() throws IOException {
        domain("intel-rapl:0", "psys", 0);
        assertTrue(open().channels().get(0).inTotal());
    }

    @Test
    void accumulatesAcrossWraparound() throws IOException {
        Path pkg = domain("intel-rapl:0", "package-0", MAX - 2_000_000);
        RaplSource rapl = open();
        set(pkg, MAX - 1_000_000);
        assertEquals(1.0, rapl.read(0).get(0).energyJoules(), 1e-9);
        set(pkg, 3_000_000); // wrapped: 1 J to the top, then 3 J
        assertEquals(5.0, rapl.read(0).get(0).energyJoules(), 1e-9);
        set(pkg, 3_500_000);
        assertEquals(5.5, rapl.read(0).get(0).energyJoules(), 1e-9);
    }

    @Test
    void noPowercapTreeSaysWhy() {
        RaplSource rapl = new RaplSource(root.resolve("absent"), f -> Files.readString(f).trim());
        assertFalse(rapl.status().available());
        assertTrue(rapl.status().detail().contains("no powercap tree at " + root.resolve("absent")),
                rapl.status().detail());
        assertTrue(rapl.channels().isEmpty());
    }

    @Test
    void emptyPowercapTreeSaysTheDriverIsMissing() {
        RaplSource rapl = open();
        assertFalse(rapl.status().available());
        assertTrue(rapl.status().detail().contains("no intel-rapl:* domains"), rapl.status().detail());
    }

    @Test
    void domainWithoutCounterIsSkippedWithANote() throws IOException {
        domain("intel-rapl:0", "package-0", 0);
        Path broken = Files.createDirectories(root.resolve("intel-rapl:1"));
        Files.writeString(broken.resolve("name"), "package-1");
        RaplSource rapl = open();
        assertEquals(List.of("rapl:package-0"), rapl.channels().stream().map(Channel::id).toList());
        assertTrue(rapl.status().notes().stream().anyMatch(n -> n.contains("intel-rapl:1: missing")),
                rapl.status().notes().toString());
    }

    @Test
    void permissionDeniedNamesTheFileAndTheFix() throws IOException {
        domain("intel-rapl:0", "package-0", 0);
        // CI runs as root, where chmod proves nothing: simulate the kernel's EACCES on energy_uj
        RaplSource rapl = new RaplSource(root, f -> {
            if (f.getFileName().toString().equals("energy_uj")) {
                throw new AccessDeniedException(f.toString());
            }
            return Files.readString(f).trim();
        });
        assertFalse(rapl.status().available());
        String why = rapl.status().detail();
        assertTrue(why.contains(root.resolve("intel-rapl:0/energy_uj").toString()), why);
        assertTrue(why.contains("permission denied"), why);
        assertTrue(why.contains("run as root") && why.contains("--source estimate"), why);
    }

    @Test
    void aDomainThatVanishesMidRunFailsOnlyItsChannel() throws IOException {
        Path p0 = domain("intel-rapl:0", "package-0", 0);
        Path p1 = domain("intel-rapl:1", "package-1", 0);
        RaplSource rapl = open();
        set(p0, 2_000_000);
        Files.delete(p1.resolve("energy_uj"));
        List<Reading> r = rapl.read(0);
        assertEquals(2.0, r.get(0).energyJoules(), 1e-9);
        assertFalse(r.get(1).ok());
        assertTrue(r.get(1).error().contains("intel-rapl:1"), r.get(1).error());
    }
}
