package org.carbonlab.results;

import java.util.function.ToDoubleFunction;

/**
 * The per-trial figures a study can be steered by (a spec's {@code until.metric}) and that every summary tabulates:
 * one definition each, read from a trial's record (NaN where the record lacks it).
 */
public enum TrialMetric {
    /** The whole window's energy: start-up, training, test and the timed predictions. */
    ENERGY_PER_TRIAL("energy-per-trial", "energy per trial", "J", r -> num(r.energyJ())),
    /** The training and validation segments' energy. */
    TRAINING_ENERGY("training-energy", "training energy", "J", r -> num(r.trainingEnergyJ())),
    /** The window's wall time. */
    WALL_TIME("wall-time", "wall time", "s", TrialRecord::wallSeconds),
    /** The timed predictions' energy. */
    INFERENCE_ENERGY("inference-energy", "energy of 10,000 predictions", "J", r -> num(r.inferenceEnergyJ())),
    /** The trained weights' accuracy on the test split. */
    TEST_ACCURACY("test-accuracy", "test accuracy", "", r -> r.outcome() == null ? Double.NaN
            : num(r.outcome().testAccuracy()));

    private final String id;
    private final String label;
    private final String unit;
    private final ToDoubleFunction<TrialRecord> value;

    TrialMetric(String id, String label, String unit, ToDoubleFunction<TrialRecord> value) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.value = value;
    }

    /** The spelling in specs ({@code energy-per-trial}). */
    public String id() {
        return id;
    }

    /** The column of the summaries ({@code energy_per_trial}). */
    public String summaryId() {
        return id.replace('-', '_');
    }

    /** Words for tables. */
    public String label() {
        return label;
    }

    /** The unit ("" for a fraction). */
    public String unit() {
        return unit;
    }

    /** The figure of {@code r} (NaN where unknown). */
    public double of(TrialRecord r) {
        return value.applyAsDouble(r);
    }

    /** The metric spelled {@code id}, or an error naming the valid ones. */
    public static TrialMetric of(String id) {
        return org.carbonlab.util.Names.byId(values(), TrialMetric::id, id, "metric");
    }

    private static double num(Double d) {
        return d == null ? Double.NaN : d;
    }
}
