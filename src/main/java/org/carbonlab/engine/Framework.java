package org.carbonlab.engine;

import org.carbonlab.util.Names;


/** Who trains a workload: the spec key {@code engine}. */
public enum Framework {
    /** DJL 0.36 on PyTorch 2.7.1: every model and precision of {@code workload.Training}. */
    DJL("djl"),
    /** ND4J 1.0.0-M2.1 SameDiff ({@code workload.Nd4jTraining}): the cnn family in fp32, hard labels. */
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
        return Names.byId(values(), Framework::id, id, "engine");
    }
}
