package org.carbonlab.workload;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Knowledge-distillation loss (Hinton et al. 2015): {@code alpha * T^2 * KL(softmax(t/T) || softmax(s/T)) +
 * (1 - alpha) * CE(s, y)}, averaged over the batch, with T = 4 and alpha = 0.9 in DESIGN.md. Labels are
 * {@code [y, teacherLogits]}; predictions are the student's logits.
 */
public final class DistillationLoss extends Loss {

    private final float temperature;
    private final float alpha;
    private final Loss hard = Loss.softmaxCrossEntropyLoss();

    /** Creates the loss with temperature {@code t} and weight {@code alpha} on the soft term. */
    public DistillationLoss(float t, float alpha) {
        super("DistillationLoss");
        if (!(t > 0) || alpha < 0 || alpha > 1) {
            throw new WorkloadException("distillation needs T > 0 and 0 <= alpha <= 1, got T=" + t + " alpha=" + alpha);
        }
        this.temperature = t;
        this.alpha = alpha;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray student = predictions.singletonOrThrow();
        NDArray teacher = labels.get(1);
        NDArray logPs = student.div(temperature).logSoftmax(1);
        NDArray logPt = teacher.div(temperature).logSoftmax(1);
        NDArray kl = logPt.exp().mul(logPt.sub(logPs)).sum(new int[] {1}).mean();
        NDArray ce = hard.evaluate(new NDList(labels.get(0)), predictions);
        return kl.mul(alpha * temperature * temperature).add(ce.mul(1 - alpha));
    }
}
