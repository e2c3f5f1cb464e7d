package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a trial's training reported, as its child JVM hands it to the parent (one JSON line) and as
 * {@code trials.jsonl} keeps it. Absent values are null, never 0.
 *
 * @param model            model id
 * @param parameters       trainable parameters (null: not reported, as for a command without a result line)
 * @param precision        precision id
 * @param epochs           per-epoch curve
 * @param testAccuracy     accuracy of the final weights on the test split (null: not known, as for a command that
 *                         printed no result line and whose captures found none)
 * @param stoppedEarly     whether early stopping ended training
 * @param targetEpoch      first epoch whose validation accuracy reached the target (null: not reached or none)
 * @param trainExamples    training examples per epoch (null: not reported)
 * @param steps            optimizer steps attempted (null: not reported)
 * @param skippedSteps     amp-fp16 steps skipped for overflow (null for other precisions)
 * @param finalLossScale   amp-fp16's final loss scale (null otherwise)
 * @param weightTypes      data types of the trained weights
 * @param inferenceSeconds wall time of the timed predictions (10,000; null: none were timed)
 * @param distilled        trained on a teacher's logits
 * @param threads          intra-op threads (null: not reported)
 * @param djl              DJL version
 * @param engine           engine name and version
 * @param data             where the data came from
 * @param metrics          named extra numbers a command reports, tabulated by the summary (null: none)
 * @param details          named strings that say how the figures were obtained, e.g. torch version, autocast dtype,
 *                         TF32 (null: none)
 * @param engineId         the engine that trained ({@code djl}, {@code nd4j}, {@code command}), as the parent knew it
 *                         (null in runs before it was recorded: {@link #trainedBy()} reads those as they were)
 */
public record TrialOutcome(String model, Long parameters, String precision, List<Epoch> epochs, Double testAccuracy,
                           boolean stoppedEarly, Integer targetEpoch, Integer trainExamples, Long steps,
                           Long skippedSteps, Double finalLossScale, List<String> weightTypes,
                           Double inferenceSeconds, boolean distilled, Integer threads, String djl, String engine,
                           String data,
                           @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, Double> metrics,
                           @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, String> details,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String engineId) {

    /**
     * The id of the engine that trained: the recorded one, or, in runs before it was recorded, the one their
     * outcome implies (ND4J named itself in {@code engine}; only DJL trials reported a DJL version).
     */
    public String trainedBy() {
        if (engineId != null) {
            return engineId;
        }
        if (engine != null && engine.startsWith("ND4J")) {
            return "nd4j";
        }
        return djl == null ? "command" : "djl";
    }

    /**
     * The outcome of a command that exited 0 without a result line ({@code experiments/PROTOCOL.md}): only the
     * engine and what its {@code capture:} patterns found are known (a capture named {@code test-accuracy} gives the
     * test accuracy, null: none); everything the result line would say is absent.
     */
    public static TrialOutcome unreported(String engineId, Double testAccuracy) {
        return builder().epochs(List.of()).testAccuracy(testAccuracy).engineId(engineId).build();
    }

    /** Whether the trial reported this outcome itself (a result line), rather than only exiting 0 ({@link #unreported}). */
    public boolean reported() {
        return model != null;
    }

    /** What makes this outcome unusable (a command's partial or wrong result line), or null when it is complete. */
    public String problem() {
        if (model == null || model.isBlank() || precision == null || precision.isBlank()) {
            return "model and precision are required";
        }
        if (epochs == null || epochs.isEmpty()) {
            return "epochs lists no epoch";
        }
        if (testAccuracy == null || !(testAccuracy >= 0 && testAccuracy <= 1)) {
            return "testAccuracy must be a fraction in [0, 1], got " + testAccuracy;
        }
        if (trainExamples == null || trainExamples < 1 || steps == null || steps < 1) {
            return "trainExamples and steps must be at least 1";
        }
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i).epoch() != i + 1 || !(epochs.get(i).seconds() > 0)) {
                return "epoch " + (i + 1) + " must be numbered " + (i + 1) + " with seconds > 0";
            }
        }
        return null;
    }

    /**
     * One epoch.
     *
     * @param epoch              1-based
     * @param trainLoss          mean training loss
     * @param validationAccuracy validation accuracy after the epoch
     * @param seconds            wall time (training and validation)
     */
    public record Epoch(int epoch, double trainLoss, double validationAccuracy, double seconds) {
    }

    /** Whether the trial was a training command's process tree rather than a child JVM of carbonlab. */
    public boolean ranAsCommand() {
        return !(org.carbonlab.engine.Engines.of(trainedBy()) instanceof org.carbonlab.engine.JvmEngine);
    }

    /**
     * Training FLOPs (3x the model's forward FLOPs per example, every example of every epoch run) over the epochs'
     * wall time. That time includes validation, whose forward passes are not counted: a lower bound. NaN for a
     * command's own model, whose FLOPs are not known here.
     */
    public double achievedGflops() {
        if (java.util.Arrays.stream(org.carbonlab.workload.Architecture.values()).noneMatch(a -> a.id().equals(model))) {
            return Double.NaN;
        }
        double seconds = epochs.stream().mapToDouble(Epoch::seconds).sum();
        return org.carbonlab.kernel.Roofline.gflops(org.carbonlab.workload.Architecture.of(model).trainingFlops()
                * trainExamples * epochs.size(), seconds);
    }

    /** This outcome with {@code details} (how the figures were obtained, e.g. the device trained on). */
    public TrialOutcome withDetails(java.util.Map<String, String> details) {
        return toBuilder().details(details).build();
    }

    /** A builder with every field unset (null or false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this outcome's fields, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.parameters = parameters;
        b.precision = precision;
        b.epochs = epochs;
        b.testAccuracy = testAccuracy;
        b.stoppedEarly = stoppedEarly;
        b.targetEpoch = targetEpoch;
        b.trainExamples = trainExamples;
        b.steps = steps;
        b.skippedSteps = skippedSteps;
        b.finalLossScale = finalLossScale;
        b.weightTypes = weightTypes;
        b.inferenceSeconds = inferenceSeconds;
        b.distilled = distilled;
        b.threads = threads;
        b.djl = djl;
        b.engine = engine;
        b.data = data;
        b.metrics = metrics;
        b.details = details;
        b.engineId = engineId;
        return b;
    }

    /** Sets the fields of a {@link TrialOutcome} by name; the record's javadoc says what each means. */
    public static final class Builder {
        private String model;
        private Long parameters;
        private String precision;
        private List<Epoch> epochs;
        private Double testAccuracy;
        private boolean stoppedEarly;
        private Integer targetEpoch;
        private Integer trainExamples;
        private Long steps;
        private Long skippedSteps;
        private Double finalLossScale;
        private List<String> weightTypes;
        private Double inferenceSeconds;
        private boolean distilled;
        private Integer threads;
        private String djl;
        private String engine;
        private String data;
        private java.util.Map<String, Double> metrics;
        private java.util.Map<String, String> details;
        private String engineId;

        private Builder() {
        }

        /** Sets {@code model}. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Sets {@code parameters}. */
        public Builder parameters(long parameters) {
            this.parameters = parameters;
            return this;
        }

        /** Sets {@code precision}. */
        public Builder precision(String precision) {
            this.precision = precision;
            return this;
        }

        /** Sets {@code epochs}. */
        public Builder epochs(List<Epoch> epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Sets {@code testAccuracy}. */
        public Builder testAccuracy(Double testAccuracy) {
            this.testAccuracy = testAccuracy;
            return this;
        }

        /** Sets {@code stoppedEarly}. */
        public Builder stoppedEarly(boolean stoppedEarly) {
            this.stoppedEarly = stoppedEarly;
            return this;
        }

        /** Sets {@code targetEpoch}. */
        public Builder targetEpoch(Integer targetEpoch) {
            this.targetEpoch = targetEpoch;
            return this;
        }

        /** Sets {@code trainExamples}. */
        public Builder trainExamples(int trainExamples) {
            this.trainExamples = trainExamples;
            return this;
        }

        /** Sets {@code steps}. */
        public Builder steps(long steps) {
            this.steps = steps;
            return this;
        }

        /** Sets {@code skippedSteps}. */
        public Builder skippedSteps(Long skippedSteps) {
            this.skippedSteps = skippedSteps;
            return this;
        }

        /** Sets {@code finalLossScale}. */
        public Builder finalLossScale(Double finalLossScale) {
            this.finalLossScale = finalLossScale;
            return this;
        }

        /** Sets {@code weightTypes}. */
        public Builder weightTypes(List<String> weightTypes) {
            this.weightTypes = weightTypes;
            return this;
        }

        /** Sets {@code inferenceSeconds}. */
        public Builder inferenceSeconds(double inferenceSeconds) {
            this.inferenceSeconds = inferenceSeconds;
            return this;
        }

        /** Sets {@code distilled}. */
        public Builder distilled(boolean distilled) {
            this.distilled = distilled;
            return this;
        }

        /** Sets {@code threads}. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Sets {@code djl}. */
        public Builder djl(String djl) {
            this.djl = djl;
            return this;
        }

        /** Sets {@code engine}. */
        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        /** Sets {@code data}. */
        public Builder data(String data) {
            this.data = data;
            return this;
        }

        /** Sets {@code metrics}. */
        public Builder metrics(java.util.Map<String, Double> metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Sets {@code details}. */
        public Builder details(java.util.Map<String, String> details) {
            this.details = details;
            return this;
        }

        /** Sets {@code engineId}. */
        public Builder engineId(String engineId) {
            this.engineId = engineId;
            return this;
        }

        /** The record. */
        public TrialOutcome build() {
            return new TrialOutcome(model, parameters, precision, epochs, testAccuracy, stoppedEarly, targetEpoch,
                    trainExamples, steps, skippedSteps, finalLossScale, weightTypes, inferenceSeconds, distilled,
                    threads, djl, engine, data, metrics, details, engineId);
        }
    }
}
