package org.carbonlab.engine;

import java.util.List;

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
    public boolean runsCommand() {
        return true;
    }

    @Override
    public void requireTrains(Request r) {
        if (!r.hasCommand()) {
            throw new EngineException("engine: command needs workload.command, the training command as a list of"
                    + " arguments (experiments/PROTOCOL.md)");
        }
    }

    @Override
    public List<String> trialCommand(Launch launch) {
        return launch.command();
    }

    @Override
    public String rooflineBackend() {
        return "djl"; // the reference commands run the same libtorch kernels as DJL
    }
}
