package org.carbonlab.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCatalogTest {

    private final CpuCatalog catalog = CpuCatalog.load();

    @Test
    void matchesModelsAsTheKernelReportsThem() {
        assertEquals("Xeon Gold 6148", catalog.find("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz").orElseThrow().model());
        assertEquals("AMD EPYC 7763", catalog.find("AMD EPYC 7763 64-Core Processor").orElseThrow().model());
        assertEquals(4.4, catalog.find("AMD EPYC 7763 64-Core Processor").orElseThrow().tdpPerCoreWatts(), 1e-9);
        assertEquals("Core i7-10700K", catalog.find("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz").orElseThrow().model());
    }

    @Test
    void prefersTheLongestMatch() {
        // "Core i5-10400" must not win over "Core i5-10400F"
        assertEquals("Core i5-10400F", catalog.find("Intel(R) Core(TM) i5-10400F CPU @ 2.90GHz").orElseThrow().model());
    }

    @Test
    void aBareFamilyMatchesNothing() {
        assertTrue(catalog.find("AMD EPYC").isEmpty());
        assertTrue(catalog.find("Intel Xeon Processor (Cascadelake)").isEmpty());
        assertTrue(catalog.find("").isEmpty());
    }

    @Test
    void everyRowHasAPositiveTdpPerCoreAndASource() {
        assertTrue(catalog.cpus().size() > 90, "catalog shrank to " + catalog.cpus().size());
        for (CpuCatalog.Cpu c : catalog.cpus()) {
            assertTrue(c.tdpPerCoreWatts() > 0 && c.cores() > 0 && c.tdpWatts() > 0, c.toString());
            assertTrue(c.source().startsWith("http"), c.toString());
            assertEquals(c.tdpWatts() / c.cores(), c.tdpPerCoreWatts(), 0.051, c.toString());
        }
        assertEquals(12.0, catalog.fallback().tdpPerCoreWatts(), 1e-9);
    }

    @Test
    void readsTheModelNameFromCpuinfo(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                + "model name\t: AMD EPYC 7763 64-Core Processor\nflags\t: fpu\n");
        assertEquals("AMD EPYC 7763 64-Core Processor", CpuCatalog.reportedModel(f).orElseThrow());
        assertTrue(CpuCatalog.reportedModel(dir.resolve("missing")).isEmpty());
    }
}
