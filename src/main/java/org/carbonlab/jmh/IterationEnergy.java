package org.carbonlab.jmh;

import java.util.List;

import org.carbonlab.power.WindowEnergy;

/**
 * The energy figures of one JMH iteration, from the meter's window over it and the operations JMH counted: energy
 * per operation, mean power, and CO2e per operation at a PUE and intensity. An unknown energy gives NaN figures
 * and keeps the reason.
 *
 * @param joules     energy of the iteration (NaN: unknown)
 * @param seconds    the iteration's duration by the profiler's own clock
 * @param operations operations JMH measured in it
 * @param provenance how the energy was obtained, e.g. {@code estimated:tdp-model}
 * @param reason     why the energy is unknown (null when known)
 */
public record IterationEnergy(double joules, double seconds, long operations, String provenance, String reason) {

    /**
     * One secondary metric.
     *
     * @param name  JMH's secondary result label
     * @param value the value (NaN with a reason rather than missing)
     * @param unit  the unit, with the provenance label
     */
    public record Metric(String name, double value, String unit) {
    }

    /** From the meter's window and JMH's count of operations. */
    public static IterationEnergy of(WindowEnergy w, double seconds, long operations) {
        return new IterationEnergy(w.total().joules(), seconds, operations, w.totalProvenance().label(),
                w.totalNote());
    }

    /** Energy per operation in joules. */
    public double joulesPerOp() {
        return operations > 0 ? joules / operations : Double.NaN;
    }

    /** Mean power over the iteration in watts. */
    public double meanWatts() {
        return seconds > 0 ? joules / seconds : Double.NaN;
    }

    /** Grams CO2e per operation: J/op as kWh x PUE x g/kWh. */
    public double gramsPerOp(double pue, double gramsPerKwh) {
        return org.carbonlab.carbon.CarbonAccountant.grams(joulesPerOp(), pue, gramsPerKwh);
    }

    /** The secondary metrics the profiler reports, every iteration, in this order. */
    public List<Metric> metrics(double pue, double gramsPerKwh) {
        String p = provenance == null || provenance.equals("none") ? "unknown" : provenance;
        return List.of(new Metric("·energy", joulesPerOp(), "J/op " + p),
                new Metric("·power", meanWatts(), "W " + p),
                new Metric("·co2e", gramsPerOp(pue, gramsPerKwh), "gCO2e/op " + p));
    }
}
