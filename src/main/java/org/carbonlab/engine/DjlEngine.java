package org.carbonlab.engine;

import java.nio.file.Path;
import java.util.Optional;

import org.carbonlab.kernel.Backend;
import org.carbonlab.power.Marker;
import org.carbonlab.workload.Architecture;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.Training;

/**
 * DJL 0.36 on PyTorch 2.7.1: every reference model in the precisions {@link Training#PRECISIONS} names, on the CPU or
 * (cuda build) a GPU.
 */
final class DjlEngine extends JvmEngine {

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
        Training.requireSupported(r.precision(), r.distilled());
    }

    @Override
    public void requireMachine(Request r) {
        r.device().requireAvailable();
    }

    @Override
    public Backend rooflineBackend() {
        return Backend.DJL;
    }

    @Override
    public Trained train(Training.Config config, FashionMnist.Data data, Optional<Path> teacher,
                         Optional<Marker> marker) {
        Training.Result r;
        if (teacher.isEmpty()) {
            r = Training.train(config, data, marker);
        } else {
            try (Training.LoadedModel t = Training.load(Architecture.CNN_WIDE, teacher.get(), config.device())) {
                r = Training.train(config, data, marker, Optional.of(t), Optional.empty());
            }
        }
        ai.djl.engine.Engine e = ai.djl.engine.Engine.getInstance();
        return new Trained(r, ai.djl.engine.Engine.getDjlVersion(), e.getEngineName() + " " + e.getVersion(),
                DeviceInfo.of(config.device()));
    }
}
