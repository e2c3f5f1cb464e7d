package org.carbonlab.workload;

import java.util.Arrays;
import java.util.Locale;

/** Who trains a workload: the spec key {@code engine}. */
public enum Framework {
    /** DJL 0.36 on PyTorch 2.7.1: every model and precision of {@link Training}. */
    DJL("djl"),
    /** ND4J 1.0.0-M2.1 SameDiff ({@link Nd4jTraining}): the cnn family in fp32, hard labels. */
    ND4J("nd4j"),
    /**
     * Any training command that speaks the trial protocol ({@code experiments/PROTOCOL.md}), e.g. the PyTorch
     * reference workloads in {@code experiments/pytorch/}: the command itself refuses what it cannot run.
     */
    COMMAND("command");

    private final String id;

    Framework(String id) {
        this.id = id;
    }

    /** The spelling in specs and results. */
    public String id() {
        return id;
    }

    /** The framework named {@code id}, or an error naming the valid ones. */
    public static Framework of(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new WorkloadException("unknown engine '" + id + "'; valid: "
                        + Arrays.stream(values()).map(Framework::id).toList()));
    }

    /** Refuses what this framework does not train here, saying what it does. */
    public void requireTrains(Architecture model, Precision precision, boolean distilled) {
        if (this == DJL) {
            precision.requireSupported("PyTorch", Training.IMPLEMENTED);
        }
        if (this != ND4J) {
            return;
        }
        if (model == Architecture.VIT_TINY) {
            throw new WorkloadException("the nd4j engine builds the cnn family only (cnn, cnn-wide, cnn-small), not "
                    + model.id());
        }
        if (precision != Precision.FP32) {
            throw new WorkloadException("the nd4j engine trains in fp32 only here, not " + precision.id());
        }
        if (distilled) {
            throw new WorkloadException("the nd4j engine trains on hard labels only: set teacher: none");
        }
    }
}
