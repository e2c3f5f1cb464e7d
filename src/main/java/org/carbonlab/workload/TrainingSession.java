package org.carbonlab.workload;

import org.carbonlab.compute.Precision;
import java.util.Optional;
import java.util.function.LongPredicate;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;

import org.carbonlab.power.Marker;

/**
 * An initialised model with its trainer (and, for amp-fp16, its FP16 twin and loss scaler), ready for single
 * optimizer steps, accuracy and predictions. {@link Training} runs epochs on it; benchmarks time one step or one
 * batch of predictions on it. Every step's arrays live in a sub-manager closed with the step.
 */
public final class TrainingSession implements EpochLoop.Steps, AutoCloseable {

    private final Training.Config config;
    private final Model model;
    private final Trainer trainer;
    private final AmpStepper amp;
    private final Optional<Training.Teacher> teacher;
    private final DataType input;
    private final long parameters;

    private TrainingSession(Training.Config config, Model model, Trainer trainer, AmpStepper amp,
                            Optional<Training.Teacher> teacher) {
        this.config = config;
        this.model = model;
        this.trainer = trainer;
        this.amp = amp;
        this.teacher = teacher;
        this.input = config.precision() == Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT32;
        this.parameters = Models.countParameters(model.getBlock());
    }

    /** A session for {@code config} without a meter or teacher (benchmarks). */
    public static TrainingSession open(Training.Config config, int trainExamples) {
        return open(config, trainExamples, Optional.empty(), Optional.empty(), step -> false);
    }

    /**
     * Opens a session: refuses a precision the engine cannot run before anything native, seeds the engine, builds
     * and initialises the model; with a {@code teacher}, on the distillation loss; {@code meter} gets the epoch
     * marks; {@code injectOverflow} forces amp-fp16 overflows on the steps it accepts (tests).
     */
    static TrainingSession open(Training.Config config, int trainExamples, Optional<? extends Marker> meter,
                                Optional<Training.Teacher> teacher, LongPredicate injectOverflow) {
        Training.requireSupported(config.precision(), teacher.isPresent()); // before anything native
        Precision p = config.precision();
        Engine.getInstance().setRandomSeed((int) config.seed());
        DefaultTrainingConfig tc = new DefaultTrainingConfig(teacher.isPresent()
                ? new DistillationLoss(Training.KD_TEMPERATURE, Training.KD_ALPHA) : Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(config.tracker(trainExamples))
                        // Adam's default epsilon (1e-8) is 0 in FP16: the update would divide by zero
                        .optEpsilon(p == Precision.FP16 ? 1e-4f : 1e-8f).build());
        meter.ifPresent(m -> tc.addTrainingListeners(new EnergyMarkListener(m)));
        Model model = Model.newInstance(config.architecture().id(), config.device().djl());
        Trainer trainer = null;
        AmpStepper amp = null;
        try {
            model.setBlock(Models.build(config.architecture()));
            if (p == Precision.FP16) {
                model.setDataType(DataType.FLOAT16); // before initialisation: DJL's Block.cast is unimplemented
            }
            trainer = model.newTrainer(tc);
            if (p == Precision.AMP_FP16) {
                amp = new AmpStepper(trainer, config.architecture(), config.tracker(trainExamples),
                        tc.getLossFunction(), injectOverflow);
            }
            trainer.initialize(new Shape(1, 1, FashionMnist.SIDE, FashionMnist.SIDE));
            return new TrainingSession(config, model, trainer, amp, teacher);
        } catch (RuntimeException e) {
            if (amp != null) {
                amp.close();
            }
            if (trainer != null) {
                trainer.close();
            }
            model.close();
            throw e;
        }
    }

    /** One optimizer step on the examples {@code idx} of {@code split}; returns the (unscaled) batch loss. */
    @Override
    public double step(FashionMnist.Split split, int[] idx) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            if (amp != null) {
                NDList[] xy = batch(sub, split, idx, DataType.FLOAT32);
                return amp.step(sub, xy[0], xy[1]);
            }
            NDList[] xy = batch(sub, split, idx, input);
            NDList labels = xy[1];
            if (teacher.isPresent()) { // outside the gradient collector: no graph is recorded for the teacher
                NDArray t = teacher.get().logits(xy[0].singletonOrThrow());
                t.attach(sub);
                labels = new NDList(xy[1].singletonOrThrow(), t);
            }
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(xy[0]).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(labels, new NDList(logits));
                gc.backward(loss);
                double value = loss.getFloat();
                trainer.step();
                return value;
            }
        }
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    @Override
    public long correct(FashionMnist.Split split, int[] idx) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList[] xy = batch(sub, split, idx, input);
            NDArray pred = trainer.evaluate(xy[0]).singletonOrThrow().argMax(1);
            return pred.toType(DataType.INT64, false).eq(xy[1].singletonOrThrow().toType(DataType.INT64, false))
                    .sum().getLong();
        }
    }

    @Override
    public void predictBatch(FashionMnist.Split split, int[] idx) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            trainer.evaluate(batch(sub, split, idx, input)[0]).singletonOrThrow().argMax(1).toLongArray();
        }
    }

    /** Writes the trained parameters into {@code dir} (DJL's format, name = the model id). */
    public void save(java.nio.file.Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
            model.save(dir, model.getName());
        } catch (java.io.IOException e) {
            throw new WorkloadException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Trainable parameters. */
    public long parameters() {
        return parameters;
    }

    /** Whether the loss learns from a teacher's logits. */
    public boolean distilled() {
        return teacher.isPresent();
    }

    Trainer trainer() {
        return trainer;
    }

    Optional<AmpStepper> amp() {
        return Optional.ofNullable(amp);
    }

    static NDList[] batch(NDManager m, FashionMnist.Split split, int[] idx, DataType input) {
        float[] x = new float[idx.length * FashionMnist.PIXELS];
        float[] y = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            split.normalised(idx[i], x, i * FashionMnist.PIXELS);
            y[i] = split.labels()[idx[i]];
        }
        NDArray images = m.create(x, new Shape(idx.length, 1, FashionMnist.SIDE, FashionMnist.SIDE));
        return new NDList[] {new NDList(input == DataType.FLOAT32 ? images : images.toType(input, false)),
            new NDList(m.create(y))};
    }

    @Override
    public void close() {
        if (amp != null) {
            amp.close();
        }
        trainer.close();
        model.close();
    }
}
