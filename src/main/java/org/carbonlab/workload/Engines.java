package org.carbonlab.workload;

import org.carbonlab.engine.Framework;
import org.carbonlab.engine.Precision;

/** What each engine trains here: the checks a spec and a child JVM make before anything native loads. */
public final class Engines {

    private Engines() {
    }

    /** Refuses what {@code engine} does not train here, saying what it does. */
    public static void requireTrains(Framework engine, Architecture model, Precision precision, boolean distilled) {
        if (engine == Framework.DJL) {
            precision.requireSupported("PyTorch", Training.IMPLEMENTED);
        }
        if (engine != Framework.ND4J) {
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
