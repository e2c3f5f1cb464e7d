package org.carbonlab.workload;

import org.carbonlab.power.Segment;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.compute.Nd4jRuntime;
import org.carbonlab.compute.Precision;
import org.carbonlab.power.Marker;

/**
 * The cnn family trained by ND4J's SameDiff, matched to {@link Training} on DJL: the same architecture from the
 * same widths ({@link Architecture#cnn}, as {@link Models} builds it for DJL), weights drawn from DJL's default
 * initialiser (Xavier uniform, factor avg, magnitude 6; biases 0) with ND4J's generator seeded by the trial's seed,
 * softmax cross-entropy averaged over the batch, Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) with the same
 * learning-rate {@link Schedule}, and DJL's epoch loop itself ({@link EpochLoop#epochs}: data order, validation,
 * early stopping, timed predictions) with the same energy marks. FP32 only.
 */
public final class Nd4jTraining {

    private Nd4jTraining() {
    }

    /** Trains per {@code config} on {@code data}, marking {@code meter} (whose window is open) if given. */
    public static Training.Result train(Training.Config c, FashionMnist.Data data, Optional<? extends Marker> meter) {
        Session session = new Session(c, data.train().size());
        EpochLoop.Run run = EpochLoop.epochs(c, data, session, new EpochLoop.Boundaries() {
            @Override
            public void beforeEpoch(int epoch) { // DJL's marks, from its listener: train-N, validate-N, after-training
                meter.ifPresent(m -> m.mark(Segment.train(epoch)));
            }

            @Override
            public void beforeValidation(int epoch) {
                meter.ifPresent(m -> m.mark(Segment.validate(epoch)));
            }

            @Override
            public void afterTraining() {
                meter.ifPresent(m -> m.mark(Segment.afterTraining()));
            }
        }, meter);
        return new Training.Result(c, session.parameters(), run.curve(), run.testAccuracy(), run.stoppedEarly(),
                run.targetEpoch(), data.train().size(), threads(), run.inferenceSeconds(), false, 0, Double.NaN,
                run.steps(), Set.of(ai.djl.ndarray.types.DataType.FLOAT32), run.trainingSeconds());
    }

    /**
     * Holds the invariant the nd4j engine refuses users by ({@code engine.Nd4jEngine}): the cnn family, fp32, on the
     * CPU.
     */
    private static void requireTrainable(Training.Config c) {
        if (c.architecture().cnn().isEmpty() || c.precision() != Precision.FP32 || c.device() != ComputeDevice.CPU) {
            throw new IllegalArgumentException("ND4J trains the cnn family in fp32 on the CPU here, not "
                    + c.architecture().id() + " " + c.precision().id() + " on " + c.device().id());
        }
    }

    /** ND4J's OpenMP threads. */
    static int threads() {
        Object t = Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads");
        return t == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(t.toString());
    }

    /** A SameDiff cnn with its Adam state, ready for single steps, accuracy and predictions. */
    public static final class Session implements EpochLoop.Steps {
        private static final String INPUT = "input";
        private static final String LABEL = "label";
        private static final String LOGITS = "logits";
        private static final String LOSS = "loss";
        private final SameDiff sd;
        private final int batchSize;
        private final long parameters;
        private final LastLoss lastLoss = new LastLoss();

        /** Builds and initialises the model of {@code c} (seeded) for {@code trainExamples} per epoch. */
        public Session(Training.Config c, int trainExamples) {
            requireTrainable(c);
            Nd4jRuntime.configure();
            Nd4j.getRandom().setSeed(c.seed());
            Architecture.CnnWidths w = c.architecture().cnn().orElseThrow(); // vit-tiny was refused above
            this.batchSize = c.batchSize();
            this.sd = SameDiff.create();
            SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            SDVariable y = sd.placeHolder(LABEL, DataType.FLOAT, -1, FashionMnist.CLASSES);
            SDVariable h = convBlock(x, "conv1", 1, w.conv1());
            h = convBlock(h, "conv2", w.conv1(), w.conv2());
            int flat = w.conv2() * (FashionMnist.SIDE / 4) * (FashionMnist.SIDE / 4);
            h = h.reshape(-1, flat); // NCHW flattened in C order, as DJL's batchFlatten
            h = sd.nn().relu(dense(h, "fc1", flat, w.hidden()), 0);
            SDVariable logits = dense(h, "fc2", w.hidden(), FashionMnist.CLASSES).rename(LOGITS);
            sd.loss().softmaxCrossEntropy(LOSS, y, logits, null);
            sd.setLossVariables(LOSS);
            int perEpoch = Math.max(1, (trainExamples + c.batchSize() - 1) / c.batchSize());
            sd.setTrainingConfig(new TrainingConfig.Builder()
                    .updater(new Adam(new RateSchedule(c.schedule(), c.learningRate(), perEpoch,
                            perEpoch * c.epochs())))
                    .dataSetFeatureMapping(INPUT).dataSetLabelMapping(LABEL).build());
            long n = 0;
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                    n += v.getArr().length();
                }
            }
            this.parameters = n;
        }

        private SDVariable convBlock(SDVariable in, String name, int channelsIn, int filters) {
            // ND4J's conv2d weights are [kH, kW, in, out]; fans as DJL computes them for [out, in, kH, kW]
            SDVariable w = sd.var(name + ".weight", xavier(new long[] {3, 3, channelsIn, filters},
                    channelsIn * 9L, filters * 9L));
            SDVariable b = sd.var(name + ".bias", Nd4j.zeros(DataType.FLOAT, filters));
            SDVariable conv = sd.cnn().conv2d(in, w, b, Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1)
                    .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build());
            return sd.cnn().maxPooling2d(sd.nn().relu(conv, 0), Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                    .isNHWC(false).build());
        }

        private SDVariable dense(SDVariable in, String name, int from, int to) {
            SDVariable w = sd.var(name + ".weight", xavier(new long[] {from, to}, from, to));
            SDVariable b = sd.var(name + ".bias", Nd4j.zeros(DataType.FLOAT, 1, to));
            return in.mmul(w).add(b);
        }

        /** DJL's default: uniform in [-a, a], a = sqrt(6 / ((fanIn + fanOut) / 2)). */
        private static INDArray xavier(long[] shape, long fanIn, long fanOut) {
            double a = Math.sqrt(6.0 / ((fanIn + fanOut) / 2.0));
            return Nd4j.rand(DataType.FLOAT, shape).muli(2 * a).subi(a);
        }

        /** One Adam step on the examples {@code idx} of {@code split}; returns the batch's loss before the step. */
        @Override
        public double step(FashionMnist.Split split, int[] idx) {
            DataSet ds = batch(split, idx);
            sd.fit(ds, lastLoss);
            ds.getFeatures().close();
            ds.getLabels().close();
            return lastLoss.value;
        }

        /** The loss of the current weights on the examples {@code idx} of {@code split}, without a step. */
        public double loss(FashionMnist.Split split, int[] idx) {
            DataSet ds = batch(split, idx);
            INDArray l = sd.outputSingle(Map.of(INPUT, ds.getFeatures(), LABEL, ds.getLabels()), LOSS);
            return l.getDouble(0);
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public long correct(FashionMnist.Split split, int[] idx) {
            long[] pred = logits(split, idx).argMax(1).toLongVector();
            long correct = 0;
            for (int i = 0; i < idx.length; i++) {
                correct += pred[i] == split.labels()[idx[i]] ? 1 : 0;
            }
            return correct;
        }

        @Override
        public void predictBatch(FashionMnist.Split split, int[] idx) {
            logits(split, idx).argMax(1).toLongVector();
        }

        private INDArray logits(FashionMnist.Split split, int[] idx) {
            return sd.outputSingle(Map.of(INPUT, batch(split, idx).getFeatures()), LOGITS);
        }

        /** Trainable parameters. */
        public long parameters() {
            return parameters;
        }

        private static DataSet batch(FashionMnist.Split split, int[] idx) {
            float[] x = new float[idx.length * FashionMnist.PIXELS];
            float[] y = new float[idx.length * FashionMnist.CLASSES];
            for (int i = 0; i < idx.length; i++) {
                split.normalised(idx[i], x, i * FashionMnist.PIXELS);
                y[i * FashionMnist.CLASSES + split.labels()[idx[i]]] = 1;
            }
            return new DataSet(Nd4j.create(x, new long[] {idx.length, 1, FashionMnist.SIDE, FashionMnist.SIDE},
                    DataType.FLOAT), Nd4j.create(y, new long[] {idx.length, FashionMnist.CLASSES}, DataType.FLOAT));
        }
    }

    /**
     * Keeps the loss of the last step. SameDiff's training graph never computes the loss value (its gradient op
     * starts from the logits), so this computes it from the step's logits and labels: mean softmax cross-entropy.
     */
    private static final class LastLoss extends org.nd4j.autodiff.listeners.BaseListener {
        private double value = Double.NaN;

        @Override
        public boolean isActive(org.nd4j.autodiff.listeners.Operation operation) {
            return operation == org.nd4j.autodiff.listeners.Operation.TRAINING;
        }

        @Override
        public org.nd4j.autodiff.listeners.ListenerVariables requiredVariables(SameDiff sd) {
            return org.nd4j.autodiff.listeners.ListenerVariables.builder().trainingVariables(Session.LOGITS).build();
        }

        @Override
        public void activationAvailable(SameDiff sd, org.nd4j.autodiff.listeners.At at,
                                        org.nd4j.linalg.dataset.api.MultiDataSet batch,
                                        org.nd4j.autodiff.samediff.internal.SameDiffOp op, String varName,
                                        INDArray activation) {
            if (varName.equals(Session.LOGITS)) {
                value = crossEntropy(activation.toDoubleMatrix(), batch.getLabels(0).toDoubleMatrix());
            }
        }
    }

    /** Mean over rows of log-sum-exp(logits) - logits[label], for one-hot {@code labels}. */
    static double crossEntropy(double[][] logits, double[][] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[i]) {
                max = Math.max(max, v);
            }
            double z = 0;
            double target = 0;
            for (int j = 0; j < logits[i].length; j++) {
                z += Math.exp(logits[i][j] - max);
                target += labels[i][j] * logits[i][j];
            }
            sum += max + Math.log(z) - target;
        }
        return sum / logits.length;
    }

    /** {@link Schedule#rate} as ND4J's schedule; ND4J counts iterations from 0, DJL updates from 1. */
    private record RateSchedule(Schedule schedule, float base, int warmup, int total) implements ISchedule {
        @Override
        public double valueAt(int iteration, int epoch) {
            return schedule == Schedule.CONSTANT ? base : Schedule.rate(base, warmup, total, iteration + 1);
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }
}
