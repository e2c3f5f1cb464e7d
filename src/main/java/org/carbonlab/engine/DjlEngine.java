package org.carbonlab.engine;

import java.util.Set;

/** DJL 0.36 on PyTorch 2.7.1: every reference model, in fp32, fp16 and amp-fp16, on the CPU or (cuda build) a GPU. */
final class DjlEngine extends JvmEngine {

    /** The precisions the DJL workloads train (DJL 0.36's PyTorch JNI aborts the JVM on any BF16 array). */
    static final Set<Precision> PRECISIONS = Set.of(Precision.FP32, Precision.FP16, Precision.AMP_FP16);

    @Override
    public String id() {
        return "djl";
    }

    @Override
    public String description() {
        return "PyTorch " + org.carbonlab.util.BuildInfo.get("pytorch.version") + " ("
                + org.carbonlab.util.BuildInfo.get("pytorch.flavor") + "), each trial in a fresh child JVM; the engine"
                + " each trial loaded is in trials.jsonl";
    }

    @Override
    public void requireTrains(Request r) {
        if (r.precision() == Precision.BF16 || r.precision() == Precision.AMP_BF16) {
            throw new EngineException(r.precision().id() + " is not supported on DJL 0.36's PyTorch engine: its JNI"
                    + " has no BF16 type and aborts the JVM on any BF16 array; use fp32, fp16 or amp-fp16 here");
        }
        if (!PRECISIONS.contains(r.precision())) {
            throw new EngineException(r.precision().id() + " training is not available in this version of carbonlab"
                    + " yet; available: " + PRECISIONS.stream().map(Precision::id).sorted().toList());
        }
        requireCommon(r);
    }

    @Override
    public void requireMachine(Request r) {
        r.device().requireAvailable();
    }

    @Override
    public String rooflineBackend() {
        return "djl";
    }
}
