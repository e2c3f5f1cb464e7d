package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.Energy;
import org.carbonlab.power.ProvenanceSet;

/**
 * One line of {@code trials.jsonl}: a trial that ended, how (ok, failed, interrupted, with the reason), what its
 * training reported and what the parent's meter measured while its child JVM ran. Unknown energies are null.
 *
 * @param trial            1-based position in the run order
 * @param id               {@code t001}, ...; its trace is {@code power/<id>.csv}, its log {@code logs/<id>.log}
 * @param variant          variant name
 * @param repetition       1-based repetition
 * @param seed             training seed
 * @param status           how it ended
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
 * @param disturbance      what else the machine did around the trial (null in runs before it was recorded)
 * @param env              the environment variables the spec set for the trial's process: its allocator's, then its
 *                         {@code env} (empty or null: none)
 * @param captures         what the workload's {@code capture:} patterns found in the command's output, by name
 *                         (empty or null: none asked)
 * @param energyBand       the ends of {@code energyJ} under its model's band, where an estimate gave it one (null:
 *                         measured, a model without a band, or runs before bands)
 */
public record TrialRecord(int trial, String id, String variant, int repetition, long seed, TrialStatus status,
                          String reason, String startedUtc, double wallSeconds, Integer exitCode, Double energyJ,
                          ProvenanceSet provenance, List<Device> devices, Double trainingEnergyJ, List<Double> epochEnergyJ,
                          Double inferenceEnergyJ, TrialOutcome outcome,
                          @JsonInclude(JsonInclude.Include.NON_NULL) NodeInfo node,
                          @JsonInclude(JsonInclude.Include.NON_NULL) org.carbonlab.power.MeterCost meter,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Startup startup,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Disturbance disturbance,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.Map<String, String> env,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.Map<String, Captured> captures,
                          @JsonInclude(JsonInclude.Include.NON_NULL) EnergyBand energyBand) {

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
        Captured c = captures == null ? null : captures.get(name);
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
        return status == TrialStatus.OK;
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
        return toBuilder().devices(devices).build();
    }

    /** This record with {@code node} as the machine it ran on. */
    public TrialRecord withNode(NodeInfo node) {
        return toBuilder().node(node).build();
    }

    /** A builder with every field unset (null, 0 or false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.trial = trial;
        b.id = id;
        b.variant = variant;
        b.repetition = repetition;
        b.seed = seed;
        b.status = status;
        b.reason = reason;
        b.startedUtc = startedUtc;
        b.wallSeconds = wallSeconds;
        b.exitCode = exitCode;
        b.energyJ = energyJ;
        b.provenance = provenance;
        b.devices = devices;
        b.trainingEnergyJ = trainingEnergyJ;
        b.epochEnergyJ = epochEnergyJ;
        b.inferenceEnergyJ = inferenceEnergyJ;
        b.outcome = outcome;
        b.node = node;
        b.meter = meter;
        b.startup = startup;
        b.disturbance = disturbance;
        b.env = env;
        b.captures = captures;
        b.energyBand = energyBand;
        return b;
    }

    /** Sets the fields of a {@link TrialRecord} by name; the record's javadoc says what each means. */
    public static final class Builder {
        private int trial;
        private String id;
        private String variant;
        private int repetition;
        private long seed;
        private TrialStatus status;
        private String reason;
        private String startedUtc;
        private double wallSeconds;
        private Integer exitCode;
        private Double energyJ;
        private ProvenanceSet provenance;
        private List<Device> devices;
        private Double trainingEnergyJ;
        private List<Double> epochEnergyJ;
        private Double inferenceEnergyJ;
        private TrialOutcome outcome;
        private NodeInfo node;
        private org.carbonlab.power.MeterCost meter;
        private Startup startup;
        private Disturbance disturbance;
        private java.util.Map<String, String> env;
        private java.util.Map<String, Captured> captures;
        private EnergyBand energyBand;

        private Builder() {
        }

        /** Sets {@code trial}. */
        public Builder trial(int trial) {
            this.trial = trial;
            return this;
        }

        /** Sets {@code id}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets {@code variant}. */
        public Builder variant(String variant) {
            this.variant = variant;
            return this;
        }

        /** Sets {@code repetition}. */
        public Builder repetition(int repetition) {
            this.repetition = repetition;
            return this;
        }

        /** Sets {@code seed}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets {@code status}. */
        public Builder status(TrialStatus status) {
            this.status = status;
            return this;
        }

        /** Sets {@code reason}. */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** Sets {@code startedUtc}. */
        public Builder startedUtc(String startedUtc) {
            this.startedUtc = startedUtc;
            return this;
        }

        /** Sets {@code wallSeconds}. */
        public Builder wallSeconds(double wallSeconds) {
            this.wallSeconds = wallSeconds;
            return this;
        }

        /** Sets {@code exitCode}. */
        public Builder exitCode(Integer exitCode) {
            this.exitCode = exitCode;
            return this;
        }

        /** Sets {@code energyJ}. */
        public Builder energyJ(Double energyJ) {
            this.energyJ = energyJ;
            return this;
        }

        /** Sets {@code provenance}. */
        public Builder provenance(ProvenanceSet provenance) {
            this.provenance = provenance;
            return this;
        }

        /** Sets {@code devices}. */
        public Builder devices(List<Device> devices) {
            this.devices = devices;
            return this;
        }

        /** Sets {@code trainingEnergyJ}. */
        public Builder trainingEnergyJ(Double trainingEnergyJ) {
            this.trainingEnergyJ = trainingEnergyJ;
            return this;
        }

        /** Sets {@code epochEnergyJ}. */
        public Builder epochEnergyJ(List<Double> epochEnergyJ) {
            this.epochEnergyJ = epochEnergyJ;
            return this;
        }

        /** Sets {@code inferenceEnergyJ}. */
        public Builder inferenceEnergyJ(Double inferenceEnergyJ) {
            this.inferenceEnergyJ = inferenceEnergyJ;
            return this;
        }

        /** Sets {@code outcome}. */
        public Builder outcome(TrialOutcome outcome) {
            this.outcome = outcome;
            return this;
        }

        /** Sets {@code node}. */
        public Builder node(NodeInfo node) {
            this.node = node;
            return this;
        }

        /** Sets {@code meter}. */
        public Builder meter(org.carbonlab.power.MeterCost meter) {
            this.meter = meter;
            return this;
        }

        /** Sets {@code startup}. */
        public Builder startup(Startup startup) {
            this.startup = startup;
            return this;
        }

        /** Sets {@code disturbance}. */
        public Builder disturbance(Disturbance disturbance) {
            this.disturbance = disturbance;
            return this;
        }

        /** Sets {@code env}. */
        public Builder env(java.util.Map<String, String> env) {
            this.env = env;
            return this;
        }

        /** Sets {@code captures}. */
        public Builder captures(java.util.Map<String, Captured> captures) {
            this.captures = captures;
            return this;
        }

        /** Sets {@code energyBand}. */
        public Builder energyBand(EnergyBand energyBand) {
            this.energyBand = energyBand;
            return this;
        }

        /** The record. */
        public TrialRecord build() {
            return new TrialRecord(trial, id, variant, repetition, seed, status, reason, startedUtc, wallSeconds,
                    exitCode, energyJ, provenance, devices, trainingEnergyJ, epochEnergyJ, inferenceEnergyJ, outcome,
                    node, meter, startup, disturbance, env, captures, energyBand);
        }
    }
}
