package org.carbonlab.power;

import java.util.Objects;

/**
 * One thing a source can read: a RAPL domain, a GPU, the estimated CPU.
 *
 * @param id          stable identifier, {@code source:name}, e.g. {@code rapl:package-0} or {@code nvml:gpu0}
 * @param kind        what the energy belongs to
 * @param description human-readable detail (model, sysfs path, UUID)
 * @param counter     provenance of the cumulative energy counter, or {@code null} if the channel has none
 * @param power       provenance of sampled power, or {@code null} if the channel reports none
 * @param inTotal     whether the channel is summed into the total (false for domains contained in another)
 */
public record Channel(String id, DeviceKind kind, String description, Provenance counter, Provenance power,
                      boolean inTotal) {

    /** Validates the channel. */
    public Channel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        if (counter == null && power == null) {
            throw new IllegalArgumentException("channel " + id + " reads neither a counter nor power");
        }
        if (id.contains(",") || id.contains("\n")) {
            throw new IllegalArgumentException("channel id must not contain ',' or a newline: " + id);
        }
    }

    /** Returns whether the channel has a cumulative energy counter. */
    public boolean hasCounter() {
        return counter != null;
    }
}
