package org.carbonlab.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.compute.Nd4jRuntime;
import org.carbonlab.compute.Precision;
import org.carbonlab.kernel.Backend;
import org.carbonlab.power.Marker;
import org.carbonlab.workload.Architecture;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.Nd4jTraining;
import org.carbonlab.workload.Training;

/** ND4J 1.0.0-M2.1 SameDiff: the cnn family in fp32 on hard labels, on the CPU; its jars only in its child JVMs. */
final class Nd4jEngine extends JvmEngine {

    private static final Set<Architecture> MODELS = Set.of(Architecture.CNN, Architecture.CNN_WIDE,
            Architecture.CNN_SMALL);

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
                    + r.model().id());
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
    public Backend rooflineBackend() {
        return Backend.ND4J_ONEDNN; // SameDiff computes with oneDNN, its default
    }

    @Override
    public Trained train(Training.Config config, FashionMnist.Data data, Optional<Path> teacher,
                         Optional<Marker> marker) {
        requireTrains(new Request(config.architecture(), config.precision(), teacher.isPresent(), config.device(),
                false));
        String build = Nd4jRuntime.configure();
        return new Trained(Nd4jTraining.train(config, data, marker), null, "ND4J " + Nd4jRuntime.VERSION
                + " SameDiff (native build " + build + ")", Map.of());
    }
}
