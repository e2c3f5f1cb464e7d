package org.carbonlab.experiment;

import java.util.List;

import org.carbonlab.workload.Training;

/**
 * What a trial's training reported, as its child JVM hands it to the parent (one JSON line) and as
 * {@code trials.jsonl} keeps it. Absent values are null, never 0.
 *
 * @param model            model id
 * @param parameters       trainable parameters
 * @param precision        precision id
 * @param epochs           per-epoch curve
 * @param testAccuracy     accuracy of the final weights on the test split
 * @param stoppedEarly     whether early stopping ended training
 * @param targetEpoch      first epoch whose validation accuracy reached the target (null: not reached or none)
 * @param trainExamples    training examples per epoch
 * @param steps            optimizer steps attempted
 * @param skippedSteps     amp-fp16 steps skipped for overflow (null for other precisions)
 * @param finalLossScale   amp-fp16's final loss scale (null otherwise)
 * @param weightTypes      data types of the trained weights
 * @param inferenceSeconds wall time of {@value Training#INFERENCE_PREDICTIONS} predictions
 * @param distilled        trained on a teacher's logits
 * @param threads          intra-op threads
 * @param djl              DJL version
 * @param engine           engine name and version
 * @param data             where the data came from
 */
public record TrialOutcome(String model, long parameters, String precision, List<Epoch> epochs, double testAccuracy,
                           boolean stoppedEarly, Integer targetEpoch, int trainExamples, long steps,
                           Long skippedSteps, Double finalLossScale, List<String> weightTypes,
                           double inferenceSeconds, boolean distilled, int threads, String djl, String engine,
                           String data) {

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

    /** Converts what {@link Training} returned. */
    public static TrialOutcome of(Training.Result r, String djl, String engine, String data) {
        boolean amp = !Double.isNaN(r.lossScale());
        return new TrialOutcome(r.config().architecture().id(), r.parameters(), r.config().precision().id(),
                r.epochs().stream().map(e -> new Epoch(e.epoch(), e.trainLoss(), e.validationAccuracy(), e.seconds()))
                        .toList(),
                r.testAccuracy(), r.stoppedEarly(), r.targetEpoch().orElse(null), r.trainExamples(), r.steps(),
                amp ? r.skippedSteps() : null, amp ? r.lossScale() : null,
                r.weightTypes().stream().map(Object::toString).sorted().toList(), r.inferenceSeconds(),
                r.distilled(), r.threads(), djl, engine, data);
    }
}
