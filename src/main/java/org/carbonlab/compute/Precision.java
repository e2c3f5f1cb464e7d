package org.carbonlab.compute;

import org.carbonlab.util.Names;


/** Numeric precision of a training run. */
public enum Precision {
    /** Everything in FP32. */
    FP32("fp32"),
    /** The whole model in FP16. */
    FP16("fp16"),
    /** The whole model in BF16. */
    BF16("bf16"),
    /** FP32 master weights, FP16 compute, dynamic loss scaling. */
    AMP_FP16("amp-fp16"),
    /** FP32 master weights, BF16 compute. */
    AMP_BF16("amp-bf16");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    /** Returns the name used in specs and results. */
    public String id() {
        return id;
    }

    /** Returns the precision named {@code id}, or an error naming the valid ones. */
    public static Precision of(String id) {
        return Names.byId(values(), Precision::id, id, "precision");
    }
}
