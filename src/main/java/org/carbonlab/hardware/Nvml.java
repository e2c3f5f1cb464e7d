package org.carbonlab.hardware;

/**
 * The few NVML calls the lab needs, as a Java interface, so the NVML power source ({@code power.source.NvmlSource})
 * is tested on a fake binding with
 * recorded values. Every method throws {@link NvmlException} carrying NVML's return code. Values are in NVML's own
 * units (milliwatts, millijoules).
 */
public interface Nvml extends AutoCloseable {

    /** NVML field id of instantaneous power ({@code NVML_FI_DEV_POWER_INSTANT}). */
    int FI_DEV_POWER_INSTANT = 186;

    /** Returns the driver version. */
    String driverVersion() throws NvmlException;

    /** Returns the number of GPUs. */
    int deviceCount() throws NvmlException;

    /** Returns the GPU's product name. */
    String name(int index) throws NvmlException;

    /** Returns the GPU's UUID. */
    String uuid(int index) throws NvmlException;

    /** Returns the enforced power limit in mW. */
    long enforcedPowerLimitMilliwatts(int index) throws NvmlException;

    /** Returns the power management limit in mW. */
    long managementPowerLimitMilliwatts(int index) throws NvmlException;

    /** Returns the energy since the driver was loaded, in mJ (Volta and newer). */
    long totalEnergyMillijoules(int index) throws NvmlException;

    /** Returns instantaneous power (field {@value #FI_DEV_POWER_INSTANT}) in mW. */
    long instantPowerMilliwatts(int index) throws NvmlException;

    /** Returns power from {@code nvmlDeviceGetPowerUsage} in mW (averaged by the driver on some GPUs). */
    long powerUsageMilliwatts(int index) throws NvmlException;

    /** Shuts NVML down. */
    @Override
    void close();
}
