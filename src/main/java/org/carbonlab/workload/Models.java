package org.carbonlab.workload;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Builds the reference models exactly as DESIGN.md specifies them, from DJL blocks. Inputs are
 * {@code (batch, 1, 28, 28)} normalised images; outputs are 10 logits.
 */
public final class Models {

    private Models() {
    }

    /** Returns a fresh, uninitialised block for {@code a}. */
    public static Block build(Architecture a) {
        return a.cnn().map(Models::cnn).orElseGet(Models::vitTiny);
    }

    /** Conv c1 3x3 pad 1, ReLU, MaxPool 2; Conv c2 3x3 pad 1, ReLU, MaxPool 2; flatten; Linear hidden, ReLU; Linear 10. */
    static Block cnn(Architecture.CnnWidths w) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(w.conv1()).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(w.conv2()).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(w.hidden()).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    /**
     * 7x7 patches (16 tokens of 49 values), Linear 64, a learned CLS token and 17x64 position embedding, two pre-norm
     * encoder layers (4 heads, feed-forward 128 with GELU, no dropout), LayerNorm, Linear 10 on the CLS token.
     */
    static Block vitTiny() {
        return new SequentialBlock()
                .add(new PatchEmbedding(64))
                .add(new PreNormEncoderLayer(64, 4, 128))
                .add(new PreNormEncoderLayer(64, 4, 128))
                .add(LayerNorm.builder().axis(2).build())
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().get(":, 0, :")), "cls-token"))
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    /** Returns the number of parameters of an initialised block. */
    public static long countParameters(Block block) {
        long n = 0;
        for (var p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** Cuts the image into 16 patches of 7x7, projects them to {@code width}, prepends CLS, adds positions. */
    static final class PatchEmbedding extends AbstractBlock {
        private static final int PATCH = 7;
        private static final int TOKENS = (FashionMnist.SIDE / PATCH) * (FashionMnist.SIDE / PATCH);
        private final int width;
        private final Linear projection;
        private final Parameter cls;
        private final Parameter position;

        PatchEmbedding(int width) {
            this.width = width;
            this.projection = addChildBlock("projection", Linear.builder().setUnits(width).build());
            this.cls = addParameter(Parameter.builder().setName("cls").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1, 1, width)).optInitializer(new NormalInitializer(0.02f)).build());
            this.position = addParameter(Parameter.builder().setName("position").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1, TOKENS + 1, width)).optInitializer(new NormalInitializer(0.02f)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            long b = x.getShape().get(0);
            int g = FashionMnist.SIDE / PATCH;
            // (B,1,28,28) -> (B,4,7,4,7) -> (B,4,4,7,7) -> (B,16,49): row-major patches
            NDArray patches = x.reshape(b, g, PATCH, g, PATCH).transpose(0, 1, 3, 2, 4).reshape(b, TOKENS, PATCH * PATCH);
            NDArray tokens = projection.forward(ps, new NDList(patches), training).singletonOrThrow();
            NDArray c = ps.getValue(cls, x.getDevice(), training).repeat(0, b);
            c.attach(x.getManager()); // else it, and all computed from it, lives as long as the model: a leak per step
            NDArray all = c.concat(tokens, 1);
            return new NDList(all.add(ps.getValue(position, x.getDevice(), training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {new Shape(inputs[0].get(0), TOKENS + 1, width)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            projection.initialize(manager, dataType, new Shape(-1, TOKENS, PATCH * PATCH));
        }
    }

    /**
     * Multi-head self-attention with query, key, value and output projections (with bias), no dropout. Written here
     * rather than using DJL's {@code ScaledDotProductAttentionBlock}, which initialises its projections in FP32
     * whatever the model's data type, so the whole model could not run in FP16.
     */
    static final class SelfAttention extends AbstractBlock {
        private final int width;
        private final int heads;
        private final Linear query;
        private final Linear key;
        private final Linear value;
        private final Linear output;

        SelfAttention(int width, int heads) {
            if (width % heads != 0) {
                throw new WorkloadException("width " + width + " is not divisible by " + heads + " heads");
            }
            this.width = width;
            this.heads = heads;
            this.query = addChildBlock("query", Linear.builder().setUnits(width).build());
            this.key = addChildBlock("key", Linear.builder().setUnits(width).build());
            this.value = addChildBlock("value", Linear.builder().setUnits(width).build());
            this.output = addChildBlock("output", Linear.builder().setUnits(width).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            long b = x.getShape().get(0);
            long t = x.getShape().get(1);
            int d = width / heads;
            NDArray q = split(query.forward(ps, inputs, training).singletonOrThrow(), b, t, d);
            NDArray k = split(key.forward(ps, inputs, training).singletonOrThrow(), b, t, d);
            NDArray v = split(value.forward(ps, inputs, training).singletonOrThrow(), b, t, d);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(d)).softmax(-1);
            NDArray merged = scores.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, width);
            return output.forward(ps, new NDList(merged), training);
        }

        private NDArray split(NDArray a, long b, long t, int d) {
            return a.reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {inputs[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            for (Linear l : new Linear[] {query, key, value, output}) {
                l.initialize(manager, dataType, inputShapes[0]);
            }
        }
    }

    /**
     * A pre-norm transformer encoder layer: x + MHA(LN(x)), then x + FFN(LN(x)). Built here because DJL's
     * {@code TransformerEncoderBlock} is post-norm with BatchNorm.
     */
    static final class PreNormEncoderLayer extends AbstractBlock {
        private final LayerNorm norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        private final SelfAttention attention;
        private final LayerNorm norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        private final Linear ff1;
        private final Linear ff2;
        private final int width;

        PreNormEncoderLayer(int width, int heads, int ff) {
            this.width = width;
            this.attention = addChildBlock("attention", new SelfAttention(width, heads));
            this.ff1 = addChildBlock("ff1", Linear.builder().setUnits(ff).build());
            this.ff2 = addChildBlock("ff2", Linear.builder().setUnits(width).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
            x = x.add(attention.forward(ps, new NDList(h), training).singletonOrThrow());
            h = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
            h = Activation.gelu(ff1.forward(ps, new NDList(h), training).singletonOrThrow());
            return new NDList(x.add(ff2.forward(ps, new NDList(h), training).singletonOrThrow()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {inputs[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            norm1.initialize(manager, dataType, in);
            attention.initialize(manager, dataType, in);
            norm2.initialize(manager, dataType, in);
            ff1.initialize(manager, dataType, in);
            ff2.initialize(manager, dataType, new Shape(in.get(0), in.get(1), ff1.getOutputShapes(new Shape[] {in})[0]
                    .get(2)));
        }
    }
}
