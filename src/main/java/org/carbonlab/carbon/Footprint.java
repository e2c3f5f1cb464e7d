package org.carbonlab.carbon;

import java.util.List;

import org.carbonlab.power.Energy;

/**
 * CO2e of a window: per device and in total, with the factors used.
 *
 * @param devices        per device: IT energy and CO2e (PUE applied)
 * @param itEnergy       total IT energy (what the meter measured)
 * @param facilityEnergy IT energy x PUE
 * @param total          CO2e of the facility energy
 * @param pue            the PUE used
 * @param intensity      the intensity used, with its provenance
 * @param notes          warnings (unknown region, fallback from an API) or empty
 */
public record Footprint(List<DeviceFootprint> devices, Energy itEnergy, Energy facilityEnergy, Co2e total, Pue pue,
                        CarbonIntensity intensity, List<String> notes) {

    /** Copies the lists. */
    public Footprint {
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }

    /**
     * One device's share.
     *
     * @param channelId the meter channel
     * @param energy    its IT energy
     * @param co2e      its CO2e with PUE applied
     */
    public record DeviceFootprint(String channelId, Energy energy, Co2e co2e) {
    }
}
