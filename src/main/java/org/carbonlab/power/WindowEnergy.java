package org.carbonlab.power;

import java.util.List;

/**
 * The energy of every channel over one window, and their total.
 *
 * @param label           the window's label ({@code begin}/{@code mark} argument)
 * @param startSeconds    window start, seconds since the sampler started
 * @param durationSeconds window length in seconds
 * @param devices         one entry per channel
 * @param total           sum over channels counted in the total; unknown if any of them is unknown
 * @param totalProvenance how the channels summed into the total were obtained
 * @param totalNote       why the total is unknown, or {@code null}
 */
public record WindowEnergy(String label, double startSeconds, double durationSeconds, List<DeviceEnergy> devices,
                           Energy total, ProvenanceSet totalProvenance, String totalNote) {

    /** Copies the device list. */
    public WindowEnergy {
        devices = List.copyOf(devices);
    }

    /** Returns the mean power of the total over the window. */
    public Power meanPower() {
        return total.over(durationSeconds);
    }

    /** Returns the entry of the channel {@code id}. */
    public DeviceEnergy device(String id) {
        return devices.stream().filter(d -> d.channel().id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel " + id + " in window " + label));
    }

    /** Builds a window from its device entries, summing those counted in the total. */
    static WindowEnergy of(String label, double start, double duration, List<DeviceEnergy> devices) {
        double sum = 0;
        StringBuilder missing = new StringBuilder();
        List<ProvenanceSet> labels = new java.util.ArrayList<>();
        boolean any = false;
        for (DeviceEnergy d : devices) {
            if (!d.channel().inTotal()) {
                continue;
            }
            any = true;
            if (d.energy().isKnown()) {
                sum += d.energy().joules();
                labels.add(d.provenance());
            } else {
                missing.append(missing.length() == 0 ? "" : ", ").append(d.channel().id());
            }
        }
        if (!any) {
            return new WindowEnergy(label, start, duration, devices, Energy.UNKNOWN, ProvenanceSet.NONE,
                    "no channel can be summed: no power source is available");
        }
        if (missing.length() > 0) {
            return new WindowEnergy(label, start, duration, devices, Energy.UNKNOWN, ProvenanceSet.NONE,
                    "total unknown because these channels are unknown: " + missing);
        }
        return new WindowEnergy(label, start, duration, devices, Energy.ofJoules(sum), ProvenanceSet.union(labels),
                null);
    }
}
