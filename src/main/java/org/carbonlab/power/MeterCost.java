package org.carbonlab.power;

/**
 * What measuring cost: the CPU time the meter itself used in a window (its sampler thread: reading the sources,
 * integrating, writing the trace) and that time's energy at the estimate's watts per busy core. The meter's own
 * energy is inside every figure it reports on the machine it shares; saying how large it is lets a reader judge it.
 *
 * @param cpuSeconds CPU seconds the meter used (NaN: the JVM could not say)
 * @param energyJ    their energy, estimated as CPU seconds x W per busy core
 * @param provenance how {@code energyJ} was obtained
 */
public record MeterCost(double cpuSeconds, double energyJ, String provenance) {

    /** The cost of {@code cpuSeconds} at {@code wattsPerCore} of the TDP model. */
    public static MeterCost of(double cpuSeconds, double wattsPerCore) {
        return of(cpuSeconds, wattsPerCore, Provenance.ESTIMATED_TDP_MODEL);
    }

    /** The cost of {@code cpuSeconds} at {@code wattsPerCore} (per busy hardware thread) of {@code model}. */
    public static MeterCost of(double cpuSeconds, double wattsPerCore, Provenance model) {
        return new MeterCost(cpuSeconds, cpuSeconds * wattsPerCore, model.label() + " (" + wattsPerCore + " W per busy "
                + (model == Provenance.ESTIMATED_SPECPOWER ? "thread" : "core") + ")");
    }

    /** The share of one core this cost is over {@code seconds} of wall time. */
    public double shareOfCore(double seconds) {
        return cpuSeconds / seconds;
    }
}
