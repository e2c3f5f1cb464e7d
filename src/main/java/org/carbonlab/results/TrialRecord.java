package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.Energy;

/**
 * One line of {@code trials.jsonl}: a trial that ended, how (ok, failed, interrupted, with the reason), what its
 * training reported and what the parent's meter measured while its child JVM ran. Unknown energies are null.
 *
 * @param trial            1-based position in the run order
 * @param id               {@code t001}, ...; its trace is {@code power/<id>.csv}, its log {@code logs/<id>.log}
 * @param variant          variant name
 * @param repetition       1-based repetition
 * @param seed             training seed
 * @param status           {@code ok}, {@code failed}, {@code timed-out} or {@code interrupted}
 * @param reason           why it did not finish (null when ok)
 * @param startedUtc       when the child JVM started (ISO-8601)
 * @param wallSeconds      the measured window: child JVM start to exit
 * @param exitCode         the child's exit code
 * @param energyJ          energy of the whole window (JVM start, data, training, test, inference)
 * @param provenance       how the total was obtained
 * @param devices          per channel
 * @param trainingEnergyJ  energy of the training and validation segments only
 * @param epochEnergyJ     per epoch (training + validation)
 * @param inferenceEnergyJ energy of the 10,000 predictions
 * @param outcome          what training reported (null when it did not finish)
 * @param node             the machine the trial ran on, where it is not the run's (a cluster's node; null: the
 *                         manifest's machine)
 * @param meter            what measuring the trial cost: the meter's own CPU time and its estimated energy (null in
 *                         runs before it was recorded)
 * @param startup          the trial's start-up: from its start to its first training step ({@code train-1}), i.e.
 *                         starting the JVM or interpreter, loading the engine and the data, building the model
 *                         (null where the trial never reached {@code train-1}, and in runs before it was recorded)
 */
public record TrialRecord(int trial, String id, String variant, int repetition, long seed, String status,
                          String reason, String startedUtc, double wallSeconds, Integer exitCode, Double energyJ,
                          String provenance, List<Device> devices, Double trainingEnergyJ, List<Double> epochEnergyJ,
                          Double inferenceEnergyJ, TrialOutcome outcome,
                          @JsonInclude(JsonInclude.Include.NON_NULL) NodeInfo node,
                          @JsonInclude(JsonInclude.Include.NON_NULL) org.carbonlab.power.MeterCost meter,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Startup startup) {

    /**
     * A trial's start-up segment, everything before its first training step.
     *
     * @param seconds its wall time
     * @param energyJ its energy (null: unknown)
     */
    public record Startup(double seconds, Double energyJ) {
    }

    /** Status of a trial that finished and reported. */
    public static final String OK = "ok";
    /** Status of a trial killed for running past the spec's {@code trial-timeout}. */
    public static final String TIMED_OUT = "timed-out";

    /**
     * One channel's energy over the trial.
     *
     * @param channel    channel id
     * @param kind       what it powers: CPU, DRAM, RAM, GPU, ... (power's {@code DeviceKind})
     * @param inTotal    whether it is summed into the trial's total (false for a domain inside another)
     * @param energyJ    joules (null: unknown)
     * @param provenance how it was obtained
     * @param coverage   fraction of the window covered by valid samples
     * @param note       why it is unknown or what to know (may be null)
     */
    public record Device(String channel, String kind, boolean inTotal, Double energyJ, String provenance,
                         double coverage, String note) {

        /** What the channel powers, as power's type. */
        public DeviceKind deviceKind() {
            return DeviceKind.valueOf(kind);
        }
    }

    /** Whether the trial finished and reported. */
    public boolean ok() {
        return OK.equals(status);
    }

    /**
     * The trial's energy per kind of device: the channels counted in its total, summed by what they power
     * (unknown energies left out; a kind with no known channel is absent).
     */
    public java.util.Map<DeviceKind, Energy> energyByKind() {
        java.util.Map<DeviceKind, Energy> m = new java.util.EnumMap<>(DeviceKind.class);
        for (Device d : devices) {
            if (d.inTotal() && d.energyJ() != null) {
                m.merge(d.deviceKind(), Energy.ofJoules(d.energyJ()), Energy::plus);
            }
        }
        return m;
    }

    /** This record with {@code devices} as its channels. */
    public TrialRecord withDevices(List<Device> devices) {
        return new TrialRecord(trial, id, variant, repetition, seed, status, reason, startedUtc, wallSeconds, exitCode,
                energyJ, provenance, devices, trainingEnergyJ, epochEnergyJ, inferenceEnergyJ, outcome, node, meter,
                startup);
    }

    /** This record with {@code node} as the machine it ran on. */
    public TrialRecord withNode(NodeInfo node) {
        return new TrialRecord(trial, id, variant, repetition, seed, status, reason, startedUtc, wallSeconds, exitCode,
                energyJ, provenance, devices, trainingEnergyJ, epochEnergyJ, inferenceEnergyJ, outcome, node, meter,
                startup);
    }
}
