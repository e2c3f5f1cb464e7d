package org.carbonlab.compute;

import org.carbonlab.util.Names;
import org.carbonlab.util.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import ai.djl.Device;
import org.carbonlab.hardware.JnaNvml;
import org.carbonlab.hardware.Nvml;
import org.carbonlab.hardware.NvmlException;

/**
 * Where a workload trains: the spec key {@code device} and {@code train --device}. DJL trains on the device named
 * here, never on its own default (which is the GPU whenever one is usable). A PyTorch command receives the same
 * word ({@code experiments/pytorch/fmnist.py --device gpu} is CUDA).
 */
public enum ComputeDevice {
    /** The CPU. */
    CPU("cpu"),
    /** The first GPU (CUDA): needs the {@code cuda} build of carbonlab for DJL. */
    GPU("gpu");

    /** Where DJL's PyTorch native jar describes itself ({@code flavor=cpu}, {@code flavor=cu124}, ...). */
    static final String NATIVE_PROPERTIES = "/native/lib/pytorch.properties";

    private final String id;

    ComputeDevice(String id) {
        this.id = id;
    }

    /** The spelling in specs and results. */
    public String id() {
        return id;
    }

    /** The device named {@code id}, or an error naming the valid ones. */
    public static ComputeDevice of(String id) {
        return Names.byId(values(), ComputeDevice::id, id, "device");
    }

    /** DJL's device. */
    public Device djl() {
        return this == GPU ? Device.gpu() : Device.cpu();
    }

    /**
     * Refuses a GPU that DJL could not train on here, saying why, before anything of PyTorch is loaded: this build's
     * PyTorch natives must be a CUDA flavour ({@code mvn -Pcuda package}) and NVML must see an NVIDIA GPU.
     */
    public void requireAvailable() {
        if (this == CPU) {
            return;
        }
        String flavor = nativeFlavor();
        if (!flavor.startsWith("cu")) {
            throw new UserException("device gpu: this build's PyTorch natives are '" + flavor + "', not CUDA;"
                    + " build the CUDA flavour (mvn -Pcuda package, or CARBONLAB_BUILD=cuda ./carbonlab) or use"
                    + " device cpu");
        }
        try (Nvml nvml = new JnaNvml()) {
            if (nvml.deviceCount() == 0) {
                throw new UserException("device gpu: NVML (driver " + nvml.driverVersion() + ") sees no GPU");
            }
        } catch (NvmlException e) {
            throw new UserException("device gpu: no usable NVIDIA GPU here (" + e.getMessage() + ")", e);
        } catch (LinkageError e) {
            throw new UserException("device gpu: cannot load NVML (" + e + ")", e);
        }
    }

    /**
     * The flavour of the PyTorch natives DJL loads: those in {@code PYTORCH_LIBRARY_PATH} (the cuda build's
     * launcher sets it: {@code cuda} where libtorch_cuda is there), else those on the class path ({@code cpu},
     * {@code cu124}, ...), else {@code none}.
     */
    public static String nativeFlavor() {
        String dir = System.getenv("PYTORCH_LIBRARY_PATH");
        if (dir != null && !dir.isBlank()) {
            return (java.nio.file.Files.exists(java.nio.file.Path.of(dir, "libtorch_cuda.so")) ? "cuda" : "cpu")
                    + " (" + dir + ")";
        }
        try (InputStream in = ComputeDevice.class.getResourceAsStream(NATIVE_PROPERTIES)) {
            if (in == null) {
                return "none";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("flavor", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
