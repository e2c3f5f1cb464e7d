package org.carbonlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.carbonlab.results.Json;

/** A trial's process line: the workload's command, or a child JVM of carbonlab with this build's options. */
final class TrialLaunch {

    private TrialLaunch() {
    }

    /**
     * The options of every trial's child JVM: the class-data archive the launcher made for this build (property
     * {@value #CDS_ARCHIVE}: the classes come mapped from it instead of being read and verified one by one, which
     * shortens each trial's start-up and changes nothing after it), the user's {@code --child-jvm-option}s, DJL
     * offline and its thread count.
     */
    static List<String> jvmOptions(List<String> childJvmArgs) {
        List<String> opts = new ArrayList<>();
        String archive = System.getProperty(CDS_ARCHIVE);
        if (archive != null && Files.isReadable(Path.of(archive))) {
            opts.add("-XX:SharedArchiveFile=" + archive);
        }
        opts.addAll(childJvmArgs);
        opts.add("-Dai.djl.offline=true");
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads != null) {
            opts.add("-Dai.djl.pytorch.num_threads=" + threads);
        }
        return opts;
    }

    /** The system property naming the class-data archive for the trials' JVMs ({@code ./carbonlab} sets it). */
    public static final String CDS_ARCHIVE = "carbonlab.cds-archive";

    /**
     * The process line of one trial, from its engine: the workload's command, or a child JVM ({@link TrialMain})
     * whose input is written to {@code input} (null for a command).
     */
    static List<String> command(TrialSettings settings, long seed, Path input, List<String> childJvmArgs)
            throws IOException {
        List<String> java = new ArrayList<>();
        if (input != null) {
            Json.MAPPER.writeValue(input.toFile(), new TrialMain.Input(settings.engineMap(), seed));
            java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            java.addAll(jvmOptions(childJvmArgs));
        }
        return settings.engine().trialCommand(new org.carbonlab.engine.Engine.Launch(java,
                System.getProperty("java.class.path"), TrialMain.class.getName(), input,
                settings.commandLine(seed)));
    }
}
