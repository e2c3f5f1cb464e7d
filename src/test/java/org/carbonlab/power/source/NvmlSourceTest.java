package org.carbonlab.power.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.carbonlab.power.DeviceEnergy;
import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.ManualClock;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.Sampler;
import org.junit.jupiter.api.Test;
import org.carbonlab.hardware.NvmlException;
import org.carbonlab.hardware.GpuScope;

class NvmlSourceTest {

    private final ManualClock clock = new ManualClock();

    /** Reads {@code reads} times one second apart (begin, periodic samples, end): one recorded value each. */
    private DeviceEnergy measure(NvmlSource src, int reads) {
        Sampler sampler = new Sampler(List.of(src), Duration.ofSeconds(1), clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of(src.status()));
        meter.begin("w");
        for (int i = 2; i < reads; i++) {
            clock.advanceSeconds(1);
            sampler.sampleNow();
        }
        clock.advanceSeconds(1);
        return meter.end().whole().device("nvml:gpu0");
    }

    @Test
    void readsNameLimitsAndUsesTheEnergyCounter() {
        // probe reads one value of each; then 5 reads over 4 s: 10 kJ -> 10.8 kJ = 800 J
        FakeNvml nvml = new FakeNvml().energy(0, 9_000_000, 10_000_000, 10_190_000, 10_400_000, 10_610_000, 10_800_000)
                .power(0, 150_000, 190_000, 210_000, 210_000, 190_000, 200_000);
        NvmlSource src = new NvmlSource(() -> nvml);
        assertTrue(src.status().available(), src.status().detail());
        String notes = String.join("\n", src.status().notes());
        assertTrue(notes.contains("NVIDIA H100 80GB HBM3 GPU-00000000"), notes);
        assertTrue(notes.contains("enforced power limit 700 W"), notes);
        assertTrue(notes.contains("management limit unknown (NVML_ERROR_NOT_SUPPORTED"), notes);
        assertTrue(notes.contains("driver 550.54.15"), notes);
        DeviceEnergy d = measure(src, 5);
        assertEquals(800.0, d.energy().joules(), 1e-9);
        assertEquals(Provenance.MEASURED_NVML_COUNTER.label(), d.provenance().label());
        assertEquals(210.0, d.peakPower().watts(), 1e-9);
        assertNull(d.note());
        src.close();
        assertEquals(1, nvml.shutdowns);
    }

    @Test
    void withoutAnEnergyCounterPowerIsIntegrated() {
        FakeNvml nvml = new FakeNvml().power(0, 100_000, 100_000, 100_000, 300_000, 300_000, 300_000);
        nvml.energyUnsupported = 0;
        NvmlSource src = new NvmlSource(() -> nvml);
        assertFalse(src.channels().get(0).hasCounter());
        assertTrue(String.join(" ", src.status().notes()).contains("no energy counter (NVML_ERROR_NOT_SUPPORTED"));
        DeviceEnergy d = measure(src, 5);
        // samples 100,100,300,300,300 W at 1 s: trapezoid 100 + 200 + 300 + 300 = 900 J
        assertEquals(900.0, d.energy().joules(), 1e-9);
        assertEquals(Provenance.MEASURED_NVML_POWER.label(), d.provenance().label());
    }

    @Test
    void instantPowerFieldUnsupportedFallsBackToPowerUsage() {
        FakeNvml nvml = new FakeNvml().energy(0, 0, 0, 1000).power(0, 50_000);
        nvml.instantUnsupported = true;
        NvmlSource src = new NvmlSource(() -> nvml);
        Reading r = src.read(0).get(0);
        assertEquals(50.0, r.powerWatts(), 1e-9);
        assertTrue(nvml.usageCalls > 0);
    }

    @Test
    void counterThatGoesDownInvalidatesTheCounterForTheWindow() {
        // driver reload between the 3rd and 4th read: the counter restarts near zero
        FakeNvml nvml = new FakeNvml().energy(0, 5_000_000, 5_000_000, 5_100_000, 5_200_000, 40_000, 140_000)
                .power(0, 100_000);
        NvmlSource src = new NvmlSource(() -> nvml);
        DeviceEnergy d = measure(src, 5);
        assertEquals(Provenance.MEASURED_NVML_POWER.label(), d.provenance().label());
        assertEquals(400.0, d.energy().joules(), 1e-9);
        assertTrue(d.note().contains("restarted"), d.note());
    }

    @Test
    void gpuLostMidRunStopsReadingsAndLeavesPartialCoverage() {
        long lost = -NvmlException.GPU_IS_LOST;
        FakeNvml nvml = new FakeNvml().energy(0, 0, 0, 100_000, 200_000, lost)
                .power(0, 100_000, 100_000, 100_000, 100_000, lost);
        NvmlSource src = new NvmlSource(() -> nvml);
        DeviceEnergy d = measure(src, 5);
        assertEquals(200.0, d.energy().joules(), 1e-9);   // integrated over the 2 s it was alive
        assertEquals(0.5, d.coverage(), 1e-9);            // of a 4 s window
        assertTrue(d.note().contains("NVML_ERROR_GPU_IS_LOST"), d.note());
        Reading after = src.read(0).get(0);
        assertFalse(after.ok());
        assertTrue(after.error().contains("GPU_IS_LOST"));
    }

    @Test
    void missingLibraryIsReportedWithItsReason() {
        NvmlSource src = new NvmlSource(() -> {
            throw new NvmlException("dlopen(libnvidia-ml.so.1)", NvmlException.LIBRARY_NOT_FOUND);
        });
        assertFalse(src.status().available());
        assertTrue(src.status().detail().contains("NVML_ERROR_LIBRARY_NOT_FOUND"), src.status().detail());
        assertTrue(src.channels().isEmpty());
        src.close(); // nothing to shut down, must not fail
    }

    @Test
    void driverNotLoadedAndNoPermissionExplainThemselves() {
        for (int code : new int[] {NvmlException.DRIVER_NOT_LOADED, NvmlException.NO_PERMISSION}) {
            NvmlSource src = new NvmlSource(() -> {
                throw new NvmlException("nvmlInit_v2", code);
            });
            assertFalse(src.status().available());
            assertTrue(src.status().detail().contains(code == NvmlException.DRIVER_NOT_LOADED
                    ? "NVML_ERROR_DRIVER_NOT_LOADED" : "NVML_ERROR_NO_PERMISSION"), src.status().detail());
        }
    }

    @Test
    void theRealBindingSaysLibraryNotFoundOnAMachineWithoutTheDriver() {
        // On machines with an NVIDIA driver this checks that the real binding opens and finds a GPU instead.
        NvmlSource real = new NvmlSource();
        try {
            boolean driver = java.nio.file.Files.exists(java.nio.file.Path.of("/proc/driver/nvidia/version"));
            if (!driver) {
                assertFalse(real.status().available());
                assertTrue(real.status().detail().contains("LIBRARY_NOT_FOUND")
                        || real.status().detail().contains("DRIVER_NOT_LOADED"), real.status().detail());
            } else {
                assertTrue(real.status().available(), real.status().detail());
            }
        } finally {
            real.close();
        }
    }

    @Test
    void countsOnlyTheGpusTheSchedulerAllotted() {
        FakeNvml nvml = new FakeNvml().energy(0, 1_000).energy(1, 1_000).energy(2, 1_000).power(0, 1).power(1, 1)
                .power(2, 1);
        nvml.gpus = 3;
        GpuScope scope = GpuScope.fromEnvironment(java.util.Map.of("SLURM_JOB_GPUS", "1",
                "CUDA_VISIBLE_DEVICES", "0"));
        NvmlSource src = new NvmlSource(() -> nvml, scope);
        assertEquals(java.util.List.of("nvml:gpu1"), src.channels().stream().map(c -> c.id()).toList());
        String notes = String.join("\n", src.status().notes());
        assertTrue(notes.contains("gpu0 (NVIDIA H100 80GB HBM3 GPU-00000000) not counted: not allotted to this job"
                + " (SLURM_JOB_GPUS=1)"), notes);
        // CUDA_VISIBLE_DEVICES by UUID when Slurm names none; no variable: every GPU
        assertTrue(GpuScope.fromEnvironment(java.util.Map.of("CUDA_VISIBLE_DEVICES", "GPU-00000002"))
                .includes(2, "GPU-00000002"));
        assertTrue(GpuScope.fromEnvironment(java.util.Map.of()).includes(7, "GPU-x"));
        src.close();
    }
}
