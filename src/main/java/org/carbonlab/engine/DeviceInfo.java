package org.carbonlab.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.util.cuda.CudaUtils;
import org.carbonlab.hardware.JnaNvml;
import org.carbonlab.hardware.Nvml;
import org.carbonlab.hardware.NvmlException;
import org.carbonlab.compute.ComputeDevice;

/**
 * What a DJL trial really trained on, for its outcome's details: the device, and for a GPU its name, UUID and
 * driver (NVML) with the CUDA version and compute capability DJL's PyTorch reports, and the natives' flavour.
 */
final class DeviceInfo {

    private DeviceInfo() {
    }

    /** The details of {@code device} as it is here. */
    static Map<String, String> of(ComputeDevice device) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("device", device.id());
        d.put("pytorch_natives", ComputeDevice.nativeFlavor());
        if (device == ComputeDevice.GPU) {
            d.put("cuda", CudaUtils.getCudaVersionString());
            d.put("compute_capability", CudaUtils.getComputeCapability(0));
            try (Nvml nvml = new JnaNvml()) {
                d.put("gpu", nvml.name(0) + " " + nvml.uuid(0));
                d.put("driver", nvml.driverVersion());
            } catch (NvmlException e) {
                d.put("gpu", "unknown: " + e.getMessage());
            }
        }
        return d;
    }
}
