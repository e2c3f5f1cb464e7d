package org.carbonlab.power;

/**
 * The energy of one channel over one window.
 *
 * @param channel    the channel
 * @param energy     energy over the window; unknown ({@code NaN}) when it could not be obtained
 * @param meanPower  energy divided by the window's duration
 * @param peakPower  highest sampled (or counter-derived) power in the window; unknown without samples
 * @param coverage   fraction of the window covered by valid data, 0..1 (1 for an intact counter)
 * @param provenance how the energy was obtained ({@code measured:rapl}, {@code estimated:tdp-model}, ...), or
 *                   {@link ProvenanceSet#NONE} when it was not
 * @param note       why the energy is unknown, or how it was obtained when not the usual way; {@code null} if
 *                   nothing to say
 */
public record DeviceEnergy(Channel channel, Energy energy, Power meanPower, Power peakPower, double coverage,
                           ProvenanceSet provenance, String note) {
}
