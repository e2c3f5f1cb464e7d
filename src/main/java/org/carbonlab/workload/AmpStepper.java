package org.carbonlab.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Mixed-precision steps (amp-fp16): the trainer's model keeps the FP32 master weights and Adam updates them; a FP16
 * twin of the same architecture computes forward and backward on the scaled loss. Each step copies the master
 * weights into the twin, unscales the twin's FP16 gradients into FP32, and applies them unless any is infinite or
 * NaN, in which case the {@link LossScaler} halves the scale and the step is skipped.
 */
final class AmpStepper implements AutoCloseable {

    private final Trainer trainer;
    private final Model twin;
    private final ParameterStore twinStore;
    private final List<Parameter> master = new ArrayList<>();
    private final List<Parameter> low = new ArrayList<>();
    private final Optimizer optimizer;
    private final Loss loss;
    private final LossScaler scaler = new LossScaler();
    private final LongPredicate injectOverflow;
    private long steps;

    AmpStepper(Trainer trainer, Architecture a, Tracker learningRate, Loss loss, LongPredicate injectOverflow) {
        this.trainer = trainer;
        this.loss = loss;
        this.injectOverflow = injectOverflow;
        this.twin = Model.newInstance(a.id() + "-fp16-twin", trainer.getModel().getNDManager().getDevice());
        twin.setBlock(Models.build(a));
        twin.setDataType(DataType.FLOAT16);
        Block tb = twin.getBlock();
        tb.initialize(twin.getNDManager(), DataType.FLOAT16, new Shape(1, 1, FashionMnist.SIDE, FashionMnist.SIDE));
        this.twinStore = new ParameterStore(twin.getNDManager(), false);
        trainer.getModel().getBlock().getParameters().values().forEach(master::add);
        tb.getParameters().values().forEach(low::add);
        this.optimizer = Optimizer.adam().optLearningRateTracker(learningRate).build();
    }

    /** Returns the scaler (its scale and skipped steps). */
    LossScaler scaler() {
        return scaler;
    }

    /**
     * One mixed-precision step; returns the (unscaled) batch loss. Every temporary (the FP16 copies, gradient
     * handles, the unscaled FP32 gradients) is attached to {@code sub}, so the step leaves nothing behind.
     */
    double step(NDManager sub, NDList x32, NDList labels) {
        steps++;
        for (int i = 0; i < master.size(); i++) { // grad mode is off here: plain copies, no graph
            NDArray w = low.get(i).getArray();
            NDIndex all = whole(w);
            NDArray copy = master.get(i).getArray().toType(DataType.FLOAT16, false);
            copy.attach(sub);
            w.set(all, copy);
            if (w.hasGradient()) {
                NDArray g = w.getGradient();
                g.attach(sub); // the handle only: the gradient itself stays with the parameter
                g.set(all, 0); // an assignment, unlike muli(0), also clears inf and NaN
            }
        }
        NDArray x16 = x32.singletonOrThrow().toType(DataType.FLOAT16, false);
        x16.attach(sub);
        double value;
        float usedScale = scaler.scale();
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits16 = twin.getBlock().forward(twinStore, new NDList(x16), true).singletonOrThrow();
            // promote to FP32 by adding an FP32 zero row: unlike toType, promotion keeps the graph
            NDArray logits = logits16.add(sub.zeros(new Shape(1, logits16.getShape().get(1)), DataType.FLOAT32));
            NDArray l = loss.evaluate(labels, new NDList(logits));
            value = l.getFloat();
            gc.backward(l.mul(usedScale));
        }
        boolean overflow = injectOverflow.test(steps);
        List<NDArray> grads = new ArrayList<>(low.size());
        for (Parameter p : low) {
            NDArray g16 = p.getArray().getGradient();
            g16.attach(sub);
            NDArray g = g16.toType(DataType.FLOAT32, false).div(usedScale);
            g.attach(sub);
            overflow |= g.isInfinite().any().getBoolean() || g.isNaN().any().getBoolean();
            grads.add(g);
        }
        if (scaler.onStep(overflow)) {
            for (int i = 0; i < master.size(); i++) {
                optimizer.update(master.get(i).getId(), master.get(i).getArray(), grads.get(i));
            }
        }
        return value;
    }

    /** Returns an index selecting every element ({@code :, :, ...}); PyTorch refuses an empty index list. */
    private static NDIndex whole(NDArray a) {
        return new NDIndex(String.join(",", java.util.Collections.nCopies(Math.max(1, a.getShape().dimension()), ":")));
    }

    @Override
    public void close() {
        twin.close();
    }
}
