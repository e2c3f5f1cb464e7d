package org.carbonlab.kernel;

import org.carbonlab.util.Names;

/** Who runs a kernel: a library and its kernels (not a training {@code Engine}: ND4J has two backends). */
public enum Backend {
    /** DJL 0.36 on PyTorch 2.7.1 (CPU). */
    DJL("djl"),
    /** ND4J 1.0.0-M2.1 with its oneDNN helpers on (its default). */
    ND4J_ONEDNN("nd4j-onednn"),
    /** ND4J 1.0.0-M2.1 with oneDNN off: its own kernels (OpenBLAS for FP32/FP64 GEMM). */
    ND4J("nd4j");

    private final String id;

    Backend(String id) {
        this.id = id;
    }

    /** The spelling in benchmark parameters and results. */
    public String id() {
        return id;
    }

    /** The engine named {@code id}, or an error naming the valid ones. */
    public static Backend of(String id) {
        return Names.byId(values(), Backend::id, id, "kernel backend");
    }
}
