package org.carbonlab.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The device a DJL workload trains on, and the refusal of a GPU that this build cannot use. */
class ComputeDeviceTest {

    @Test
    void theDefaultBuildRefusesTheGpuBeforeLoadingPytorchAndNamesTheCudaBuild() {
        assertEquals("cpu", ComputeDevice.nativeFlavor(), "the default build carries DJL's CPU natives");
        String msg = assertThrows(org.carbonlab.util.UserException.class, ComputeDevice.GPU::requireAvailable).getMessage();
        assertEquals("device gpu: this build's PyTorch natives are 'cpu', not CUDA; build the CUDA flavour (mvn -Pcuda"
                + " package, or CARBONLAB_BUILD=cuda ./carbonlab) or use device cpu", msg);
        ComputeDevice.CPU.requireAvailable(); // always there
        assertEquals(ai.djl.Device.cpu(), ComputeDevice.CPU.djl());
        assertTrue(assertThrows(org.carbonlab.util.UserException.class, () -> ComputeDevice.of("tpu")).getMessage()
                .endsWith("valid: [cpu, gpu]"));
    }
}
