package org.carbonlab.workload;

import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.compute.Precision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.tracker.Tracker;

import org.carbonlab.power.Marker;

/**
 * Trains a reference model on Fashion-MNIST with DJL: Adam (lr 1e-3) and softmax cross-entropy in a
 * {@link TrainingSession} (seeded weights, every step's arrays scoped in a sub-manager), driven by the
 * engine-neutral {@link EpochLoop}, the energy meter marked through an {@link EnergyMarkListener}. Also the values
 * every engine's training shares: {@link Config}, {@link Epoch}, {@link Result}.
 */
public final class Training {

    /**
     * How to train.
     *
     * @param architecture the model
     * @param precision    the precision
     * @param epochs       the most epochs to run
     * @param batchSize    examples per step (128 in DESIGN.md)
     * @param learningRate Adam's learning rate (1e-3 in DESIGN.md)
     * @param seed         seeds DJL/PyTorch (weights) and the data order
     * @param patience     early stopping patience in epochs (0: never stop early)
     * @param minDelta     early stopping minimum improvement of validation accuracy
     * @param target       validation accuracy whose first reaching is recorded (NaN: none)
     * @param schedule     the learning-rate schedule around {@code learningRate}
     * @param device       where DJL trains
     */
    public record Config(Architecture architecture, Precision precision, int epochs, int batchSize, float learningRate,
                         long seed, int patience, double minDelta, double target, Schedule schedule,
                         ComputeDevice device) {

        /** As above on the CPU. */
        public Config(Architecture architecture, Precision precision, int epochs, int batchSize, float learningRate,
                      long seed, int patience, double minDelta, double target, Schedule schedule) {
            this(architecture, precision, epochs, batchSize, learningRate, seed, patience, minDelta, target, schedule,
                    ComputeDevice.CPU);
        }

        /** As above with the {@link Schedule#CONSTANT constant} rate of DESIGN.md. */
        public Config(Architecture architecture, Precision precision, int epochs, int batchSize, float learningRate,
                      long seed, int patience, double minDelta, double target) {
            this(architecture, precision, epochs, batchSize, learningRate, seed, patience, minDelta, target,
                    Schedule.CONSTANT);
        }

        /** Validates the settings. */
        public Config {
            if (epochs < 1 || batchSize < 1) {
                throw new WorkloadException("epochs and batch size must be at least 1, got " + epochs + " and "
                        + batchSize);
            }
            if (!(learningRate > 0)) {
                throw new WorkloadException("learning rate must be positive, got " + learningRate);
            }
            java.util.Objects.requireNonNull(schedule, "schedule");
            java.util.Objects.requireNonNull(device, "device");
        }

        /** The learning-rate tracker for {@code trainExamples} per epoch. */
        Tracker tracker(int trainExamples) {
            int perEpoch = Math.max(1, (trainExamples + batchSize - 1) / batchSize);
            return schedule.tracker(learningRate, perEpoch, perEpoch * epochs);
        }

        /** DESIGN.md's settings for {@code a}: batch 128, Adam 1e-3. */
        public static Config reference(Architecture a, int epochs, long seed) {
            return new Config(a, Precision.FP32, epochs, 128, 1e-3f, seed, 0, 0, Double.NaN);
        }
    }

    /**
     * One epoch.
     *
     * @param epoch              1-based
     * @param trainLoss          mean training loss over the epoch's steps
     * @param validationAccuracy accuracy on the validation split after the epoch
     * @param seconds            wall time of the epoch (training and validation)
     */
    public record Epoch(int epoch, double trainLoss, double validationAccuracy, double seconds) {
    }

    /**
     * What a run produced.
     *
     * @param config        the settings
     * @param parameters    trainable parameters
     * @param epochs        per-epoch curve
     * @param testAccuracy  accuracy on the test split of the final weights
     * @param stoppedEarly  whether early stopping ended the run
     * @param targetEpoch   the first epoch whose validation accuracy reached the target, if any
     * @param trainExamples training examples per epoch
     * @param threads       PyTorch intra-op threads in use
     * @param inferenceSeconds wall time of {@value #INFERENCE_PREDICTIONS} predictions with the final weights
     * @param distilled     whether the model learned from a teacher's logits
     * @param skippedSteps  amp-fp16: steps skipped for overflow (0 otherwise)
     * @param lossScale     amp-fp16: the final loss scale (NaN otherwise)
     * @param steps         optimizer steps attempted
     * @param weightTypes   the data types of the trained (master) weights, e.g. [float32]
     * @param trainingSeconds wall time of the optimizer steps alone (the epochs without their validation)
     */
    public record Result(Config config, long parameters, List<Epoch> epochs, double testAccuracy, boolean stoppedEarly,
                         Optional<Integer> targetEpoch, int trainExamples, int threads, double inferenceSeconds,
                         boolean distilled, long skippedSteps, double lossScale, long steps, Set<DataType> weightTypes,
                         double trainingSeconds) {

        /** Milliseconds per optimizer step, validation excluded. */
        public double stepMillis() {
            return trainingSeconds * 1000 / steps;
        }
    }

    /** Predictions timed (and metered, segment {@code inference-10000}) after training. */
    public static final int INFERENCE_PREDICTIONS = 10_000;
    /** DESIGN.md's distillation temperature. */
    public static final float KD_TEMPERATURE = 4f;
    /** DESIGN.md's weight of the soft (teacher) term. */
    public static final float KD_ALPHA = 0.9f;

    /** A trained model whose logits teach a student; computed without gradients. */
    public interface Teacher {
        /** Returns the teacher's logits for {@code images}. */
        NDArray logits(NDArray images);
    }

    private Training() {
    }

    /** The precisions DJL trains here (DJL 0.36's PyTorch JNI aborts the JVM on any BF16 array). */
    public static final java.util.Set<Precision> PRECISIONS = java.util.Set.of(Precision.FP32, Precision.FP16,
            Precision.AMP_FP16);

    /**
     * Refuses, with what would work, a precision DJL does not train here or a teacher with amp-fp16; loads nothing
     * native.
     */
    public static void requireSupported(Precision precision, boolean distilled) {
        if (precision == Precision.BF16 || precision == Precision.AMP_BF16) {
            throw new WorkloadException(precision.id() + " is not supported on DJL 0.36's PyTorch engine: its JNI"
                    + " has no BF16 type and aborts the JVM on any BF16 array; use fp32, fp16 or amp-fp16 here");
        }
        if (!PRECISIONS.contains(precision)) {
            throw new WorkloadException(precision.id() + " training is not available in this version of carbonlab"
                    + " yet; available: " + PRECISIONS.stream().map(Precision::id).sorted().toList());
        }
        if (distilled && precision == Precision.AMP_FP16) {
            throw new WorkloadException("distillation (teacher) runs in fp32 or fp16 here, not amp-fp16");
        }
    }

    /** Trains per {@code config} on {@code data}, marking {@code meter} (whose window is open) if given. */
    public static Result train(Config config, FashionMnist.Data data, Optional<? extends Marker> meter) {
        return train(config, data, meter, Optional.empty(), Optional.empty());
    }

    /**
     * Trains per {@code config}; with a {@code teacher}, on the distillation loss (T = 4, alpha = 0.9) against its
     * logits; with {@code save}, writes the trained parameters there (DJL's format, name = the model id).
     */
    public static Result train(Config config, FashionMnist.Data data, Optional<? extends Marker> meter,
                               Optional<Teacher> teacher, Optional<java.nio.file.Path> save) {
        return train(config, data, meter, teacher, save, step -> false);
    }

    /** As above; {@code injectOverflow} forces an amp-fp16 overflow on the steps it accepts (1-based), for tests. */
    static Result train(Config config, FashionMnist.Data data, Optional<? extends Marker> meter, Optional<Teacher> teacher,
                        Optional<java.nio.file.Path> save, java.util.function.LongPredicate injectOverflow) {
        try (TrainingSession session = TrainingSession.open(config, data.train().size(), meter, teacher,
                injectOverflow)) {
            Result r = loop(config, data, session, meter);
            if (save.isPresent()) {
                session.save(save.get());
            }
            return r;
        }
    }

    /** Loads a model saved by {@link #train} as a teacher on the CPU. */
    public static LoadedModel load(Architecture a, java.nio.file.Path dir) {
        return load(a, dir, ComputeDevice.CPU);
    }

    /** Loads a model saved by {@link #train} as a teacher (kept open until the returned resource is closed). */
    public static LoadedModel load(Architecture a, java.nio.file.Path dir, ComputeDevice device) {
        Model model = Model.newInstance(a.id(), device.djl());
        model.setBlock(Models.build(a));
        try {
            model.load(dir, a.id());
        } catch (java.io.IOException | ai.djl.MalformedModelException e) {
            model.close();
            throw new WorkloadException("cannot load " + a.id() + " from " + dir + " (" + e.getMessage()
                    + "); train it first with --save " + dir, e);
        }
        return new LoadedModel(model);
    }

    /** A loaded model usable as a teacher; close it when done. */
    public static final class LoadedModel implements Teacher, AutoCloseable {
        private final Model model;
        private final ai.djl.training.ParameterStore store;

        LoadedModel(Model model) {
            this.model = model;
            this.store = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        }

        @Override
        public NDArray logits(NDArray images) {
            return model.getBlock().forward(store, new NDList(images), false).singletonOrThrow();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** DJL's session in the shared loop: its trainer's listeners (the energy marks among them) hear every step. */
    private static Result loop(Config c, FashionMnist.Data data, TrainingSession session,
                               Optional<? extends Marker> meter) {
        Trainer trainer = session.trainer();
        TrainingListener.BatchData none = new TrainingListener.BatchData(null, Map.of(), Map.of());
        EpochLoop.Run run = EpochLoop.epochs(c, data, session, new EpochLoop.Boundaries() {
            @Override
            public void afterStep() {
                trainer.notifyListeners(l -> l.onTrainingBatch(trainer, none));
            }

            @Override
            public void beforeValidation(int epoch) {
                trainer.notifyListeners(l -> l.onValidationBatch(trainer, none));
            }

            @Override
            public void afterEpoch(int epoch) {
                trainer.notifyListeners(l -> l.onEpoch(trainer));
            }

            @Override
            public void afterTraining() {
                trainer.notifyListeners(l -> l.onTrainingEnd(trainer));
            }
        }, meter);
        Optional<AmpStepper> amp = session.amp();
        return new Result(c, session.parameters(), run.curve(), run.testAccuracy(), run.stoppedEarly(),
                run.targetEpoch(), data.train().size(),
                Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
                run.inferenceSeconds(), session.distilled(), amp.map(a -> a.scaler().skipped()).orElse(0L),
                amp.map(a -> (double) a.scaler().scale()).orElse(Double.NaN), run.steps(),
                trainer.getModel().getBlock().getParameters().values().stream().map(p -> p.getArray().getDataType())
                        .collect(java.util.stream.Collectors.toSet()), run.trainingSeconds());
    }
}
