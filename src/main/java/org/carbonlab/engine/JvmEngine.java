package org.carbonlab.engine;

import java.util.ArrayList;
import java.util.List;

/** An engine whose trials train inside a child JVM of carbonlab (the launch's main class on its input file). */
abstract class JvmEngine implements Engine {

    @Override
    public final boolean runsCommand() {
        return false;
    }

    @Override
    public List<String> trialCommand(Launch launch) {
        List<String> cmd = new ArrayList<>(launch.java());
        cmd.addAll(List.of("-cp", classPath(launch.classPath()), launch.mainClass(), launch.input().toString()));
        return cmd;
    }

    /** The child JVM's class path, from this JVM's. */
    String classPath(String base) {
        return base;
    }

    /** Refuses a teacher with amp-fp16 and a command line, which no in-process engine runs. */
    static void requireCommon(Request r) {
        if (r.distilled() && r.precision() == Precision.AMP_FP16) {
            throw new EngineException("distillation (teacher) runs in fp32 or fp16 here, not amp-fp16");
        }
    }
}
