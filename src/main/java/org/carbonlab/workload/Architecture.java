package org.carbonlab.workload;

import org.carbonlab.util.Names;

/** The reference models of DESIGN.md, with the parameter counts that pin them down. */
public enum Architecture {
    /** Conv 1-32-64, Linear 128, Linear 10: 421,642 parameters. */
    CNN("cnn", 421_642, new CnnWidths(32, 64, 128)),
    /** 7x7 patches, 2 pre-norm encoder layers of width 64: 72,074 parameters. */
    VIT_TINY("vit-tiny", 72_074, null),
    /** The distillation teacher: Conv 1-64-128, Linear 256: 1,682,954 parameters. */
    CNN_WIDE("cnn-wide", 1_682_954, new CnnWidths(64, 128, 256)),
    /** The distillation student: Conv 1-8-16, Linear 32: 26,698 parameters. */
    CNN_SMALL("cnn-small", 26_698, new CnnWidths(8, 16, 32));

    /**
     * The widths that tell the cnn family apart (DESIGN.md: conv c1 3x3, pool, conv c2 3x3, pool, Linear hidden,
     * Linear 10): every framework's cnn and its FLOP count are built from them.
     *
     * @param conv1  filters of the first convolution
     * @param conv2  filters of the second convolution
     * @param hidden units of the hidden linear layer
     */
    public record CnnWidths(int conv1, int conv2, int hidden) {
    }

    private final String id;
    private final long parameters;
    private final CnnWidths cnn;

    Architecture(String id, long parameters, CnnWidths cnn) {
        this.id = id;
        this.parameters = parameters;
        this.cnn = cnn;
    }

    /** The widths of a cnn-family model; empty for vit-tiny. */
    public java.util.Optional<CnnWidths> cnn() {
        return java.util.Optional.ofNullable(cnn);
    }

    /** Returns the name used in specs and results. */
    public String id() {
        return id;
    }

    /** Returns the exact number of trainable parameters. */
    public long parameters() {
        return parameters;
    }

    /**
     * Floating-point operations of one example's forward pass, 2 per multiply-add of the convolutions, linear
     * layers and attention products (activations, pooling, norms and softmax are not counted: under 1 % here).
     */
    public double forwardFlops() {
        if (cnn != null) {
            int s = FashionMnist.SIDE;
            return 2.0 * 9 * cnn.conv1() * s * s + 2.0 * 9 * cnn.conv1() * cnn.conv2() * (s / 2) * (s / 2)
                    + 2.0 * cnn.conv2() * (s / 4) * (s / 4) * cnn.hidden() + 2.0 * cnn.hidden() * FashionMnist.CLASSES;
        }
        int tokens = 17; // vit-tiny: 16 patches and CLS, width 64, 2 layers, feed-forward 128
        int width = 64;
        double patches = 2.0 * 16 * 49 * width;
        double projections = 4 * 2.0 * tokens * width * width;
        double attention = 2 * 2.0 * tokens * tokens * width;
        double feedForward = 2 * 2.0 * tokens * width * 128;
        return patches + 2 * (projections + attention + feedForward) + 2.0 * width * FashionMnist.CLASSES;
    }

    /**
     * Floating-point operations of training on one example: forward and backward, taken as 3x the forward pass
     * (the backward pass computes gradients of both activations and weights), the usual convention for MFU.
     */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }

    /** Returns the architecture named {@code id}, or an error naming the valid ones. */
    public static Architecture of(String id) {
        return Names.byId(values(), Architecture::id, id, "model");
    }
}
