package org.carbonlab.workload;

import org.carbonlab.power.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.carbonlab.power.Marker;

/**
 * The epoch loop every engine shares: an engine offers its model as {@link Steps} and marks the meter its own way
 * at the {@link Boundaries}; the data order, batching, validation, early stopping, test accuracy and timed
 * predictions are the same for all, so engines differ only in what they compute.
 */
public final class EpochLoop {

    private EpochLoop() {
    }

    /**
     * What a framework's model offers the epoch loop both frameworks share ({@link #epochs}): a step, and the correct
     * predictions and the predictions of one batch; accuracy and the timed predictions batch them the same way for
     * every framework.
     */
    public interface Steps {
        /** Examples per batch. */
        int batchSize();

        /** One optimizer step on the examples {@code idx} of {@code split}; returns the batch's loss. */
        double step(FashionMnist.Split split, int[] idx);

        /** How many of the examples {@code idx} of {@code split} the current weights classify correctly. */
        long correct(FashionMnist.Split split, int[] idx);

        /** Predicts the examples {@code idx} of {@code split} (the class of each read back). */
        void predictBatch(FashionMnist.Split split, int[] idx);

        /** Accuracy of the current weights on {@code split}, in batches of {@link #batchSize}. */
        default double accuracy(FashionMnist.Split split) {
            long correct = 0;
            for (int from = 0; from < split.size(); from += batchSize()) {
                correct += correct(split, java.util.stream.IntStream.range(from, Math.min(split.size(),
                        from + batchSize())).toArray());
            }
            return split.size() == 0 ? Double.NaN : (double) correct / split.size();
        }

        /** Runs {@code n} predictions (cycling through {@code split}) in batches of {@link #batchSize}. */
        default void predict(FashionMnist.Split split, int n) {
            for (int done = 0; done < n; done += batchSize()) {
                int[] idx = new int[Math.min(batchSize(), n - done)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = (done + i) % split.size();
                }
                predictBatch(split, idx);
            }
        }
    }

    /** Where the loop reaches an energy boundary: each framework marks the meter its own way there. */
    interface Boundaries {
        /** Epoch {@code epoch} (1-based) starts. */
        default void beforeEpoch(int epoch) {
        }

        /** A step ended. */
        default void afterStep() {
        }

        /** Validation of epoch {@code epoch} starts. */
        default void beforeValidation(int epoch) {
        }

        /** Epoch {@code epoch} ended. */
        default void afterEpoch(int epoch) {
        }

        /** The last epoch ended; testing follows. */
        default void afterTraining() {
        }
    }

    /** What the shared loop measured. */
    record Run(List<Training.Epoch> curve, double testAccuracy, boolean stoppedEarly, Optional<Integer> targetEpoch,
               long steps, double inferenceSeconds, double trainingSeconds) {
    }

    /**
     * The epoch loop of every framework: the data order of {@link #shuffled} seeded per epoch, batches of the
     * configured size, validation after each epoch, the target's first epoch, early stopping, the test accuracy,
     * then {@value Training#INFERENCE_PREDICTIONS} timed predictions between the meter's {@code inference-} marks.
     */
    static Run epochs(Training.Config c, FashionMnist.Data data, Steps s, Boundaries b, Optional<? extends Marker> meter) {
        long steps = 0;
        long trainingNanos = 0;
        EarlyStopping early = new EarlyStopping(c.patience(), c.minDelta());
        List<Training.Epoch> curve = new ArrayList<>();
        Optional<Integer> targetEpoch = Optional.empty();
        boolean stopped = false;
        for (int e = 1; e <= c.epochs() && !stopped; e++) {
            b.beforeEpoch(e);
            long t0 = System.nanoTime();
            int[] order = shuffled(data.train().size(), new Random(c.seed() * 1_000_003L + e));
            double lossSum = 0;
            int stepsInEpoch = 0;
            for (int from = 0; from < order.length; from += c.batchSize()) {
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + c.batchSize()));
                lossSum += s.step(data.train(), idx);
                stepsInEpoch++;
                steps++;
                b.afterStep();
            }
            trainingNanos += System.nanoTime() - t0;
            b.beforeValidation(e);
            double acc = s.accuracy(data.validation());
            curve.add(new Training.Epoch(e, lossSum / stepsInEpoch, acc, (System.nanoTime() - t0) / 1e9));
            if (targetEpoch.isEmpty() && acc >= c.target()) {
                targetEpoch = Optional.of(e);
            }
            stopped = early.update(e, acc);
            b.afterEpoch(e);
        }
        b.afterTraining();
        double test = s.accuracy(data.test());
        meter.ifPresent(m -> m.mark(Segment.inference(Training.INFERENCE_PREDICTIONS)));
        long t0 = System.nanoTime();
        s.predict(data.test(), Training.INFERENCE_PREDICTIONS);
        double inference = (System.nanoTime() - t0) / 1e9;
        meter.ifPresent(m -> m.mark(Segment.afterInference()));
        return new Run(curve, test, stopped, targetEpoch, steps, inference, trainingNanos / 1e9);
    }

    /** The indices {@code 0..n-1} in the order of a Fisher-Yates shuffle drawn from {@code rnd}. */
    static int[] shuffled(int n, Random rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
