package org.carbonlab.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.carbonlab.kernel.Backend;

/**
 * Any training command that speaks the trial protocol ({@code experiments/PROTOCOL.md}), e.g. the PyTorch reference
 * workloads in {@code experiments/pytorch/}: the command itself refuses what it cannot run.
 */
final class CommandEngine implements Engine {

    @Override
    public String id() {
        return "command";
    }

    @Override
    public String description() {
        return "training commands (engine: command), each trial a fresh process tree; the framework and version each"
                + " trial used are in trials.jsonl (outcome.engine, outcome.details)";
    }

    @Override
    public String trialNoun() {
        return "the command";
    }

    @Override
    public boolean reportsEveryTrial() {
        return false;
    }

    @Override
    public Map<String, String> given(Map<String, String> settings, Collection<String> builtIn,
                                     Collection<String> placeholders) {
        Map<String, String> m = new LinkedHashMap<>(settings);
        m.keySet().removeIf(k -> !k.equals("engine") && !k.equals("allocator") && !placeholders.contains(k)
                && !k.startsWith(ENV_PREFIX));
        return m;
    }

    @Override
    public void requireTrains(Request r) {
        if (!r.hasCommand()) {
            throw new EngineException("engine: command needs workload.command, the training command as a list of"
                    + " arguments (experiments/PROTOCOL.md)");
        }
    }

    @Override
    public Line trialLine(Launch launch) {
        return new Line(launch.command(), launch.cwd());
    }

    @Override
    public Backend rooflineBackend() {
        return Backend.DJL; // the reference commands run the same libtorch kernels as DJL
    }
}
