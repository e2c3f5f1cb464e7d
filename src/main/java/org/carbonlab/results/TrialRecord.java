package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.Energy;
import org.carbonlab.power.MeterCost;
import org.carbonlab.power.ProvenanceSet;

/**
 * One line of {@code trials.jsonl}: a trial that ended, how (ok, failed, interrupted, with the reason), what its
 * training reported and what the parent's meter measured while its process ran. It is made of parts, each written
 * flat into the line ({@link JsonUnwrapped}), so a line reads as one object: which trial it was, how it ended, its
 * energies, what training reported, and what else was recorded around it. Unknown energies are null. The accessors of
 * the parts' fields are repeated here ({@code r.energyJ()}), so that reading a record does not depend on its parts.
 *
 * @param slot     which trial of the plan it was
 * @param ending   how it ended
 * @param energies what the meter measured over it
 * @param outcome  what training reported (null when it did not finish)
 * @param context  what else was recorded around it
 */
public record TrialRecord(@JsonUnwrapped Slot slot, @JsonUnwrapped Ending ending, @JsonUnwrapped Energies energies,
                          TrialOutcome outcome, @JsonUnwrapped Context context) {

    /** Checks that every part is there (a part's fields may each be absent). */
    public TrialRecord {
        java.util.Objects.requireNonNull(slot, "slot");
        java.util.Objects.requireNonNull(ending, "ending");
        energies = energies == null ? Energies.NONE : energies;
        context = context == null ? Context.NONE : context;
    }

    /**
     * Which trial of the plan it was.
     *
     * @param trial      1-based position in the run order
     * @param id         {@code t001}, ...; its trace is {@code power/<id>.csv}, its log {@code logs/<id>.log}
     * @param variant    variant name
     * @param repetition 1-based repetition
     * @param seed       training seed
     */
    public record Slot(int trial, String id, String variant, int repetition, long seed) {
    }

    /**
     * How the trial ended.
     *
     * @param status      how it ended
     * @param reason      why it did not finish (null when ok)
     * @param startedUtc  when its process started (ISO-8601)
     * @param wallSeconds the measured window: its process's start to exit
     * @param exitCode    its exit code (null: none, e.g. it never started)
     */
    public record Ending(TrialStatus status, String reason, String startedUtc, double wallSeconds, Integer exitCode) {
    }

    /**
     * What the meter measured over the trial.
     *
     * @param energyJ          energy of the whole window (start, data, training, test, inference)
     * @param provenance       how the total was obtained
     * @param devices          per channel
     * @param trainingEnergyJ  energy of the training and validation segments only
     * @param epochEnergyJ     per epoch (training + validation)
     * @param inferenceEnergyJ energy of the 10,000 predictions
     */
    public record Energies(Double energyJ, ProvenanceSet provenance, List<Device> devices, Double trainingEnergyJ,
                           List<Double> epochEnergyJ, Double inferenceEnergyJ) {

        /** Nothing measured: no channel, no epoch. */
        public static final Energies NONE = new Energies(null, null, List.of(), null, List.of(), null);

        /** These energies with {@code devices} as their channels. */
        public Energies withDevices(List<Device> devices) {
            return new Energies(energyJ, provenance, devices, trainingEnergyJ, epochEnergyJ, inferenceEnergyJ);
        }

        /** These energies with {@code provenance} as how their total was obtained. */
        public Energies withProvenance(ProvenanceSet provenance) {
            return new Energies(energyJ, provenance, devices, trainingEnergyJ, epochEnergyJ, inferenceEnergyJ);
        }
    }

    /**
     * What else was recorded around the trial; each is absent (not written) in runs from before it was recorded.
     *
     * @param node        the machine the trial ran on, where it is not the run's (a cluster's node; null: the
     *                    manifest's machine)
     * @param meter       what measuring the trial cost: the meter's own CPU time and its estimated energy
     * @param startup     the trial's start-up: from its start to its first training step ({@code train-1}), i.e.
     *                    starting the JVM or interpreter, loading the engine and the data, building the model (null
     *                    where the trial never reached {@code train-1})
     * @param disturbance what else the machine did around the trial
     * @param env         the environment variables the spec set for the trial's process: its allocator's, then its
     *                    {@code env} (empty or null: none)
     * @param captures    what the workload's {@code capture:} patterns found in the command's output, by name (empty or
     *                    null: none asked)
     * @param energyBand  the ends of the trial's energy under its model's band, where an estimate gave it one (null:
     *                    measured, a model without a band)
     */
    public record Context(@JsonInclude(JsonInclude.Include.NON_NULL) NodeInfo node,
                          @JsonInclude(JsonInclude.Include.NON_NULL) MeterCost meter,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Startup startup,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Disturbance disturbance,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> env,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Captured> captures,
                          @JsonInclude(JsonInclude.Include.NON_NULL) EnergyBand energyBand) {

        /** Nothing recorded. */
        public static final Context NONE = new Context(null, null, null, null, null, null, null);

        /** This context with {@code node} as the machine the trial ran on. */
        public Context withNode(NodeInfo node) {
            return new Context(node, meter, startup, disturbance, env, captures, energyBand);
        }

        /** This context with {@code disturbance}. */
        public Context withDisturbance(Disturbance disturbance) {
            return new Context(node, meter, startup, disturbance, env, captures, energyBand);
        }

        /** This context with {@code captures}. */
        public Context withCaptures(Map<String, Captured> captures) {
            return new Context(node, meter, startup, disturbance, env, captures, energyBand);
        }

        /** This context with {@code energyBand}. */
        public Context withEnergyBand(EnergyBand energyBand) {
            return new Context(node, meter, startup, disturbance, env, captures, energyBand);
        }
    }

    /**
     * The ends of a trial's energy under the band of the model that estimated it ({@link org.carbonlab.power.Band}).
     *
     * @param lowJ  the low end, J
     * @param highJ the high end, J
     * @param basis what the band is: model, generation, servers, coverage
     */
    public record EnergyBand(double lowJ, double highJ, String basis) {
    }

    /**
     * A number the command printed in its own words, found by a {@code capture:} pattern.
     *
     * @param value      the number after scaling (null: none; {@code problem} says why)
     * @param unit       its unit ("" for a fraction or a count)
     * @param where      the line it came from, e.g. {@code stdout line 12} (null: no line matched)
     * @param text       that line, cut at 200 characters (null: no line matched)
     * @param problem    why there is no value, e.g. no line matched (null: there is one)
     * @param superseded whether the command's protocol result reported the same figure, which is the one used
     */
    public record Captured(Double value, String unit, String where, String text,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean superseded) {
    }

    /** The value of capture {@code name} that the tables use: found and not superseded by the protocol (NaN else). */
    public double captured(String name) {
        Captured c = context.captures() == null ? null : context.captures().get(name);
        return c == null || c.superseded() || c.value() == null || c.problem() != null ? Double.NaN : c.value();
    }

    /**
     * A trial's start-up segment, everything before its first training step.
     *
     * @param seconds its wall time
     * @param energyJ its energy (null: unknown)
     */
    public record Startup(double seconds, Double energyJ) {
    }

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
    public record Device(String channel, String kind, boolean inTotal, Double energyJ, ProvenanceSet provenance,
                         double coverage, String note) {

        /** What the channel powers, as power's type. */
        public DeviceKind deviceKind() {
            return DeviceKind.valueOf(kind);
        }
    }

    /** Whether the trial finished and reported. */
    public boolean ok() {
        return ending.status() == TrialStatus.OK;
    }

    /**
     * The trial's energy per kind of device: the channels counted in its total, summed by what they power
     * (unknown energies left out; a kind with no known channel is absent).
     */
    public java.util.Map<DeviceKind, Energy> energyByKind() {
        java.util.Map<DeviceKind, Energy> m = new java.util.EnumMap<>(DeviceKind.class);
        for (Device d : energies.devices()) {
            if (d.inTotal() && d.energyJ() != null) {
                m.merge(d.deviceKind(), Energy.ofJoules(d.energyJ()), Energy::plus);
            }
        }
        return m;
    }

    /** This record with {@code energies}. */
    public TrialRecord with(Energies energies) {
        return new TrialRecord(slot, ending, energies, outcome, context);
    }

    /** This record with {@code context}. */
    public TrialRecord with(Context context) {
        return new TrialRecord(slot, ending, energies, outcome, context);
    }

    /** This record with {@code devices} as its channels. */
    public TrialRecord withDevices(List<Device> devices) {
        return with(energies.withDevices(devices));
    }

    /** This record with {@code node} as the machine it ran on. */
    public TrialRecord withNode(NodeInfo node) {
        return with(context.withNode(node));
    }

    // the parts' fields, for readers

    /** Its 1-based position in the run order. */
    public int trial() {
        return slot.trial();
    }

    /** Its id ({@code t001}, ...). */
    public String id() {
        return slot.id();
    }

    /** The variant name. */
    public String variant() {
        return slot.variant();
    }

    /** The 1-based repetition. */
    public int repetition() {
        return slot.repetition();
    }

    /** The training seed. */
    public long seed() {
        return slot.seed();
    }

    /** How it ended. */
    public TrialStatus status() {
        return ending.status();
    }

    /** Why it did not finish (null when ok). */
    public String reason() {
        return ending.reason();
    }

    /** When its process started (ISO-8601). */
    public String startedUtc() {
        return ending.startedUtc();
    }

    /** The measured window, s. */
    public double wallSeconds() {
        return ending.wallSeconds();
    }

    /** Its exit code. */
    public Integer exitCode() {
        return ending.exitCode();
    }

    /** Energy of the whole window, J (null: unknown). */
    public Double energyJ() {
        return energies.energyJ();
    }

    /** How the total was obtained. */
    public ProvenanceSet provenance() {
        return energies.provenance();
    }

    /** Per channel. */
    public List<Device> devices() {
        return energies.devices();
    }

    /** Energy of the training and validation segments, J. */
    public Double trainingEnergyJ() {
        return energies.trainingEnergyJ();
    }

    /** Per epoch, J. */
    public List<Double> epochEnergyJ() {
        return energies.epochEnergyJ();
    }

    /** Energy of the 10,000 predictions, J. */
    public Double inferenceEnergyJ() {
        return energies.inferenceEnergyJ();
    }

    /** The machine it ran on, where it is not the run's. */
    public NodeInfo node() {
        return context.node();
    }

    /** What measuring it cost. */
    public MeterCost meter() {
        return context.meter();
    }

    /** Its start-up. */
    public Startup startup() {
        return context.startup();
    }

    /** What else the machine did around it. */
    public Disturbance disturbance() {
        return context.disturbance();
    }

    /** The environment the spec set for its process. */
    public Map<String, String> env() {
        return context.env();
    }

    /** What the capture patterns found. */
    public Map<String, Captured> captures() {
        return context.captures();
    }

    /** The ends of its energy under its model's band. */
    public EnergyBand energyBand() {
        return context.energyBand();
    }
}
