package org.carbonlab.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.power.Marker;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.Training;

/**
 * An engine whose trials train inside a child JVM of carbonlab: the launch's main class reads its input file and
 * asks this engine to {@link #train} there.
 */
public abstract class JvmEngine implements Engine {

    JvmEngine() {
    }

    /**
     * Trains one trial in this JVM per {@code config} on {@code data}, from {@code teacher}'s logits if given, marking
     * {@code marker} at the training's segments.
     */
    public abstract Trained train(Training.Config config, FashionMnist.Data data, Optional<Path> teacher,
                                  Optional<Marker> marker);

    /**
     * What a trial trained, and with what.
     *
     * @param result  the training's result
     * @param djl     DJL's version, or null where DJL did not train
     * @param engine  the framework and version that trained
     * @param details what it trained on (the device, and for a GPU its name and driver); may be empty
     */
    public record Trained(Training.Result result, String djl, String engine, Map<String, String> details) {
    }

    @Override
    public final String trialNoun() {
        return "the trial's JVM";
    }

    @Override
    public final boolean reportsEveryTrial() {
        return true; // TrialMain writes its result or why it failed
    }

    @Override
    public final Map<String, String> given(Map<String, String> settings, java.util.Collection<String> builtIn,
                                           java.util.Collection<String> placeholders) {
        Map<String, String> m = new java.util.LinkedHashMap<>(settings);
        m.keySet().removeIf(k -> !builtIn.contains(k) && !k.startsWith(ENV_PREFIX));
        return m;
    }

    @Override
    public Line trialLine(Launch launch) {
        List<String> cmd = new ArrayList<>(launch.java());
        cmd.addAll(List.of("-cp", classPath(launch.classPath()), launch.mainClass(), launch.input().toString()));
        return new Line(List.copyOf(cmd), null); // where carbonlab runs: its class path may be relative
    }

    /** The child JVM's class path, from this JVM's. */
    String classPath(String base) {
        return base;
    }
}
