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
