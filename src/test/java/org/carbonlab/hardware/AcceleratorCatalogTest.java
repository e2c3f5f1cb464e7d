package org.carbonlab.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceleratorCatalogTest {

    private final AcceleratorCatalog catalog = AcceleratorCatalog.load();

    @Test
    void holdsEveryAcceleratorTheLabsUsersAskForWithASource() {
        String[] required = {"V100", "A100-SXM4-40GB", "A100-SXM4-80GB", "A100-PCIe-40GB", "A100-PCIe-80GB",
            "H100-SXM", "H100-PCIe", "H200", "L4", "T4", "A10", "L40S", "MI250X", "MI300X", "TPU-v4"};
        for (String name : required) {
            AcceleratorCatalog.Accelerator a = catalog.find(name).orElseThrow(() -> new AssertionError(name));
            assertTrue(a.tdpWatts() > 0 && a.source().startsWith("http"), a.toString());
        }
    }

    @Test
    void matchesNamesAsPeopleWriteThem() {
        assertEquals("A100-SXM4-80GB", catalog.find("A100").orElseThrow().name());
        assertEquals(400.0, catalog.find("a100").orElseThrow().tdpWatts());
        assertEquals("H100-PCIe", catalog.find("NVIDIA H100 PCIe").orElseThrow().name());
        assertEquals(700.0, catalog.find("H200").orElseThrow().tdpWatts());
        assertEquals(750.0, catalog.find("AMD Instinct MI300X").orElseThrow().tdpWatts());
        assertEquals(70.0, catalog.find("Tesla T4").orElseThrow().tdpWatts());
        assertTrue(catalog.find("Voodoo5").isEmpty());
    }
}
