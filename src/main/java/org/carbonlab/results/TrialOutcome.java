package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * What a trial's training reported, as its child JVM or command hands it to the parent (one JSON line,
 * {@code experiments/PROTOCOL.md}) and as {@code trials.jsonl} keeps it. It is made of parts, each written flat into
 * the line ({@link JsonUnwrapped}): what was trained, how it learned, the work it did, and where the figures came from.
 * Absent values are null, never 0. The accessors of the parts' fields are repeated here ({@code o.testAccuracy()}).
 *
 * @param trained  what was trained
 * @param learning how it learned
 * @param work     the work it did
 * @param origin   where the figures came from
 */
public record TrialOutcome(@JsonUnwrapped Trained trained, @JsonUnwrapped Learning learning,
                           @JsonUnwrapped Work work, @JsonUnwrapped Origin origin) {

    /** Fills an absent part with one whose fields are all absent. */
    public TrialOutcome {
        trained = trained == null ? Trained.NONE : trained;
        learning = learning == null ? new Learning(null, null, false, null) : learning;
        work = work == null ? Work.NONE : work;
        origin = origin == null ? new Origin(null, null, null, null, null, null) : origin;
    }

    /**
     * What was trained.
     *
     * @param model      model id
     * @param parameters trainable parameters (null: not reported, as for a command without a result line)
     * @param precision  precision id
     */
    public record Trained(String model, Long parameters, String precision) {

        /** Nothing reported. */
        public static final Trained NONE = new Trained(null, null, null);
    }

    /**
     * How it learned.
     *
     * @param epochs       per-epoch curve
     * @param testAccuracy accuracy of the final weights on the test split (null: not known, as for a command that
     *                     printed no result line and whose captures found none)
     * @param stoppedEarly whether early stopping ended training
     * @param targetEpoch  first epoch whose validation accuracy reached the target (null: not reached or none)
     */
    public record Learning(List<Epoch> epochs, Double testAccuracy, boolean stoppedEarly, Integer targetEpoch) {
    }

    /**
     * The work it did.
     *
     * @param trainExamples    training examples per epoch (null: not reported)
     * @param steps            optimizer steps attempted (null: not reported)
     * @param skippedSteps     amp-fp16 steps skipped for overflow (null for other precisions)
     * @param finalLossScale   amp-fp16's final loss scale (null otherwise)
     * @param weightTypes      data types of the trained weights
     * @param inferenceSeconds wall time of the timed predictions (10,000; null: none were timed)
     * @param distilled        trained on a teacher's logits
     * @param threads          intra-op threads (null: not reported)
     */
    public record Work(Integer trainExamples, Long steps, Long skippedSteps, Double finalLossScale,
                       List<String> weightTypes, Double inferenceSeconds, boolean distilled, Integer threads) {

        /** Nothing reported. */
        public static final Work NONE = new Work(null, null, null, null, null, null, false, null);
    }

    /**
     * Where the figures came from.
     *
     * @param djl      DJL version
     * @param engine   engine name and version
     * @param data     where the data came from
     * @param metrics  named extra numbers a command reports, tabulated by the summary (null: none)
     * @param details  named strings that say how the figures were obtained, e.g. torch version, autocast dtype, TF32
     *                 (null: none)
     * @param engineId the engine that trained ({@code djl}, {@code nd4j}, {@code command}), as the parent knew it (null
     *                 in runs before it was recorded: {@link #trainedBy()} reads those as they were)
     */
    public record Origin(String djl, String engine, String data,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> metrics,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> details,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String engineId) {
    }

    /**
     * The id of the engine() that trained: the recorded one, or, in runs before it was recorded, the one their
     * outcome implies (ND4J named itself in {@code engine()}; only DJL trials reported a DJL version).
     */
    public String trainedBy() {
        if (engineId() != null) {
            return engineId();
        }
        if (engine() != null && engine().startsWith("ND4J")) {
            return "nd4j";
        }
        return djl() == null ? "command" : "djl";
    }

    /**
     * The outcome of a command that exited 0 without a result line ({@code experiments/PROTOCOL.md}): only the
     * engine and what its {@code capture:} patterns found are known (a capture named {@code test-accuracy} gives the
     * test accuracy, null: none); everything the result line would say is absent.
     */
    public static TrialOutcome unreported(String engineId, Double testAccuracy) {
        return new TrialOutcome(Trained.NONE, new Learning(List.of(), testAccuracy, false, null), Work.NONE,
                new Origin(null, null, null, null, null, engineId));
    }

    /** Whether the trial reported this outcome itself (a result line), rather than only exiting 0 ({@link #unreported}). */
    public boolean reported() {
        return model() != null;
    }

    /** What makes this outcome unusable (a command's partial or wrong result line), or null when it is complete. */
    public String problem() {
        if (model() == null || model().isBlank() || precision() == null || precision().isBlank()) {
            return "model and precision are required";
        }
        if (epochs() == null || epochs().isEmpty()) {
            return "epochs lists no epoch";
        }
        if (testAccuracy() == null || !(testAccuracy() >= 0 && testAccuracy() <= 1)) {
            return "testAccuracy must be a fraction in [0, 1], got " + testAccuracy();
        }
        if (trainExamples() == null || trainExamples() < 1 || steps() == null || steps() < 1) {
            return "trainExamples and steps must be at least 1";
        }
        for (int i = 0; i < epochs().size(); i++) {
            if (epochs().get(i).epoch() != i + 1 || !(epochs().get(i).seconds() > 0)) {
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
        if (java.util.Arrays.stream(org.carbonlab.workload.Architecture.values()).noneMatch(a -> a.id().equals(model()))) {
            return Double.NaN;
        }
        double seconds = epochs().stream().mapToDouble(Epoch::seconds).sum();
        return org.carbonlab.kernel.Roofline.gflops(org.carbonlab.workload.Architecture.of(model()).trainingFlops()
                * trainExamples() * epochs().size(), seconds);
    }

    /** This outcome with {@code details} (how the figures were obtained, e.g. the device trained on). */
    public TrialOutcome withDetails(Map<String, String> details) {
        return new TrialOutcome(trained, learning, work, new Origin(origin.djl(), origin.engine(), origin.data(),
                origin.metrics(), details, origin.engineId()));
    }

    /** This outcome with {@code engineId} as the engine that trained it. */
    public TrialOutcome withEngineId(String engineId) {
        return new TrialOutcome(trained, learning, work, new Origin(origin.djl(), origin.engine(), origin.data(),
                origin.metrics(), origin.details(), engineId));
    }

    // the parts' fields, for readers

    /** The model id. */
    public String model() {
        return trained.model();
    }

    /** Trainable parameters. */
    public Long parameters() {
        return trained.parameters();
    }

    /** The precision id. */
    public String precision() {
        return trained.precision();
    }

    /** The per-epoch curve. */
    public List<Epoch> epochs() {
        return learning.epochs();
    }

    /** Accuracy of the final weights on the test split. */
    public Double testAccuracy() {
        return learning.testAccuracy();
    }

    /** Whether early stopping ended training. */
    public boolean stoppedEarly() {
        return learning.stoppedEarly();
    }

    /** First epoch whose validation accuracy reached the target. */
    public Integer targetEpoch() {
        return learning.targetEpoch();
    }

    /** Training examples per epoch. */
    public Integer trainExamples() {
        return work.trainExamples();
    }

    /** Optimizer steps attempted. */
    public Long steps() {
        return work.steps();
    }

    /** amp-fp16 steps skipped for overflow. */
    public Long skippedSteps() {
        return work.skippedSteps();
    }

    /** amp-fp16's final loss scale. */
    public Double finalLossScale() {
        return work.finalLossScale();
    }

    /** Data types of the trained weights. */
    public List<String> weightTypes() {
        return work.weightTypes();
    }

    /** Wall time of the timed predictions. */
    public Double inferenceSeconds() {
        return work.inferenceSeconds();
    }

    /** Whether it trained on a teacher's logits. */
    public boolean distilled() {
        return work.distilled();
    }

    /** Intra-op threads. */
    public Integer threads() {
        return work.threads();
    }

    /** The DJL version. */
    public String djl() {
        return origin.djl();
    }

    /** Engine name and version. */
    public String engine() {
        return origin.engine();
    }

    /** Where the data came from. */
    public String data() {
        return origin.data();
    }

    /** Named extra numbers a command reports. */
    public Map<String, Double> metrics() {
        return origin.metrics();
    }

    /** Named strings that say how the figures were obtained. */
    public Map<String, String> details() {
        return origin.details();
    }

    /** The engine that trained, as the parent knew it. */
    public String engineId() {
        return origin.engineId();
    }
}
