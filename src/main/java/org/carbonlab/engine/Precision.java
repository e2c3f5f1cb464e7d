package org.carbonlab.engine;

import org.carbonlab.util.Names;

import org.carbonlab.util.UserException;

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

    /**
     * Refuses a precision the engine cannot run, before anything native is touched: DJL 0.36's PyTorch JNI maps
     * no BF16 type, and any BF16 array reaching it aborts the JVM.
     *
     * @param engine the DJL engine name ({@code PyTorch})
     * @param implemented the precisions this version of carbonlab trains
     */
    public void requireSupported(String engine, java.util.Set<Precision> implemented) {
        if ((this == BF16 || this == AMP_BF16) && engine.equals("PyTorch")) {
            throw new UserException(id + " is not supported on DJL 0.36's PyTorch engine: its JNI has no BF16"
                    + " type and aborts the JVM on any BF16 array; use fp32, fp16 or amp-fp16 here");
        }
        if (!implemented.contains(this)) {
            throw new UserException(id + " training is not available in this version of carbonlab yet;"
                    + " available: " + implemented.stream().map(Precision::id).sorted().toList());
        }
    }
}
