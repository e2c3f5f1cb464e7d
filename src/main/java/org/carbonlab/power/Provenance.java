package org.carbonlab.power;

import org.carbonlab.util.UserException;

/** How an energy or power figure was obtained; the label appears beside every number the lab prints. */
public enum Provenance {
    /** RAPL powercap energy counters ({@code energy_uj}). */
    MEASURED_RAPL("measured:rapl"),
    /** NVML's total-energy counter ({@code nvmlDeviceGetTotalEnergyConsumption}). */
    MEASURED_NVML_COUNTER("measured:nvml-counter"),
    /**
     * A per-VM energy counter or power file that a hypervisor-side exporter (Scaphandre's QEMU exporter, PowerJoular's
     * VM mode) provides inside the guest: the host's measurement, attributed to this VM by the host.
     */
    MEASURED_HOST_EXPORTER("measured:host-exporter"),
    /** NVML's sampled power, integrated over time. */
    MEASURED_NVML_POWER("measured:nvml-power"),
    /** A model: CPU time x TDP per core, resident memory x W/GB. Not a measurement. */
    ESTIMATED_TDP_MODEL("estimated:tdp-model"),
    /**
     * A model: CPU time x the per-thread full-load power of SPECpower servers of the CPU's generation (whole-server
     * watts, memory included). Not a measurement; each figure carries its band.
     */
    ESTIMATED_SPECPOWER("estimated:specpower"),
    /** Values replayed from a recorded trace. */
    REPLAYED("replayed");

    private final String label;

    Provenance(String label) {
        this.label = label;
    }

    /** Returns the label written in results, e.g. {@code measured:rapl}. */
    public String label() {
        return label;
    }

    /** Returns whether the figure comes from a sensor rather than a model or a replay. */
    public boolean isMeasured() {
        return label.startsWith("measured:");
    }

    /** Returns the provenance with this label. */
    public static Provenance ofLabel(String label) {
        for (Provenance p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new UserException("unknown provenance '" + label + "'; valid: "
                + java.util.Arrays.stream(values()).map(Provenance::label).toList());
    }

    @Override
    public String toString() {
        return label;
    }
}
