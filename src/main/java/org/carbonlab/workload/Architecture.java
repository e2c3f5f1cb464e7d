package org.carbonlab.workload;

import java.util.Arrays;
import java.util.Locale;

/** The reference models of DESIGN.md, with the parameter counts that pin them down. */
public enum Architecture {
    /** Conv 1-32-64, Linear 128, Linear 10: 421,642 parameters. */
    CNN("cnn", 421_642),
    /** 7x7 patches, 2 pre-norm encoder layers of width 64: 72,074 parameters. */
    VIT_TINY("vit-tiny", 72_074),
    /** The distillation teacher: Conv 1-64-128, Linear 256: 1,682,954 parameters. */
    CNN_WIDE("cnn-wide", 1_682_954),
    /** The distillation student: Conv 1-8-16, Linear 32: 26,698 parameters. */
    CNN_SMALL("cnn-small", 26_698);

    private final String id;
    private final long parameters;

    Architecture(String id, long parameters) {
        this.id = id;
        this.parameters = parameters;
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
        return switch (this) {
            case CNN -> cnnFlops(32, 64, 128);
            case CNN_WIDE -> cnnFlops(64, 128, 256);
            case CNN_SMALL -> cnnFlops(8, 16, 32);
            case VIT_TINY -> {
                int tokens = 17;
                int width = 64;
                double patches = 2.0 * 16 * 49 * width;
                double projections = 4 * 2.0 * tokens * width * width;
                double attention = 2 * 2.0 * tokens * tokens * width;
                double feedForward = 2 * 2.0 * tokens * width * 128;
                yield patches + 2 * (projections + attention + feedForward) + 2.0 * width * FashionMnist.CLASSES;
            }
        };
    }

    /**
     * Floating-point operations of training on one example: forward and backward, taken as 3x the forward pass
     * (the backward pass computes gradients of both activations and weights), the usual convention for MFU.
     */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }

    private static double cnnFlops(int c1, int c2, int hidden) {
        int s = FashionMnist.SIDE;
        return 2.0 * 9 * c1 * s * s + 2.0 * 9 * c1 * c2 * (s / 2) * (s / 2) + 2.0 * c2 * (s / 4) * (s / 4) * hidden
                + 2.0 * hidden * FashionMnist.CLASSES;
    }

    /** Returns the architecture named {@code id}, or an error naming the valid ones. */
    public static Architecture of(String id) {
        for (Architecture a : values()) {
            if (a.id.equals(id.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new WorkloadException("unknown model '" + id + "'; valid: "
                + Arrays.stream(values()).map(Architecture::id).toList());
    }
}
