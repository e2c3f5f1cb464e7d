package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

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
 * @param inferenceSeconds wall time of the timed predictions (10,000)
 * @param distilled        trained on a teacher's logits
 * @param threads          intra-op threads
 * @param djl              DJL version
 * @param engine           engine name and version
 * @param data             where the data came from
 * @param metrics          named extra numbers a command reports, tabulated by the summary (null: none)
 * @param details          named strings that say how the figures were obtained, e.g. torch version, autocast dtype,
 *                         TF32 (null: none)
 */
public record TrialOutcome(String model, long parameters, String precision, List<Epoch> epochs, double testAccuracy,
                           boolean stoppedEarly, Integer targetEpoch, int trainExamples, long steps,
                           Long skippedSteps, Double finalLossScale, List<String> weightTypes,
                           double inferenceSeconds, boolean distilled, int threads, String djl, String engine,
                           String data,
                           @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, Double> metrics,
                           @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, String> details) {

    /** What makes this outcome unusable (a command's partial or wrong result line), or null when it is complete. */
    public String problem() {
        if (model == null || model.isBlank() || precision == null || precision.isBlank()) {
            return "model and precision are required";
        }
        if (epochs == null || epochs.isEmpty()) {
            return "epochs lists no epoch";
        }
        if (!(testAccuracy >= 0 && testAccuracy <= 1)) {
            return "testAccuracy must be a fraction in [0, 1], got " + testAccuracy;
        }
        if (trainExamples < 1 || steps < 1) {
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

    /** This outcome with {@code details} (how the figures were obtained, e.g. the device trained on). */
    public TrialOutcome withDetails(java.util.Map<String, String> details) {
        return new TrialOutcome(model, parameters, precision, epochs, testAccuracy, stoppedEarly, targetEpoch,
                trainExamples, steps, skippedSteps, finalLossScale, weightTypes, inferenceSeconds, distilled, threads,
                djl, engine, data, metrics, details);
    }
}
