package org.carbonlab.engine;

import java.util.List;

/** ND4J 1.0.0-M2.1 SameDiff: the cnn family in fp32 on hard labels, on the CPU; its jars only in its child JVMs. */
final class Nd4jEngine extends JvmEngine {

    private static final List<String> MODELS = List.of("cnn", "cnn-wide", "cnn-small");

    @Override
    public String id() {
        return "nd4j";
    }

    @Override
    public String description() {
        return "ND4J " + Nd4jRuntime.VERSION + " SameDiff, each trial in a fresh child JVM";
    }

    @Override
    public void requireTrains(Request r) {
        if (!MODELS.contains(r.model())) {
            throw new EngineException("the nd4j engine builds the cnn family only (cnn, cnn-wide, cnn-small), not "
                    + r.model());
        }
        if (r.precision() != Precision.FP32) {
            throw new EngineException("the nd4j engine trains in fp32 only here, not " + r.precision().id());
        }
        if (r.distilled()) {
            throw new EngineException("the nd4j engine trains on hard labels only: set teacher: none");
        }
        if (r.device() != ComputeDevice.CPU) {
            throw new EngineException("the nd4j engine trains on the CPU here, not on device " + r.device().id());
        }
        requireCommon(r);
    }

    @Override
    public void requireBuild(Request r) {
        Nd4jRuntime.classPath(System.getProperty("java.class.path")); // ND4J's jars missing: stop now
    }

    @Override
    String classPath(String base) {
        return Nd4jRuntime.classPath(base); // ND4J's jars only where a trial needs them
    }

    @Override
    public String rooflineBackend() {
        return "nd4j-onednn"; // SameDiff computes with oneDNN, its default
    }
}
