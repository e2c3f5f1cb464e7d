package org.carbonlab.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.carbonlab.engine.Engine;
import org.carbonlab.results.Json;
import org.carbonlab.experiment.spec.TrialSettings;

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
        opts = new ArrayList<>(org.carbonlab.process.JavaLaunch.offline(opts));
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads != null) {
            opts.add("-Dai.djl.pytorch.num_threads=" + threads);
        }
        return opts;
    }

    /**
     * {@code line} so that it dies with the runner: prefixed with util-linux's {@code setpriv --pdeathsig KILL}, which
     * asks the kernel to kill the trial's process when the runner's thread that started it ends, a SIGKILL of the
     * runner included (the trial keeps its pid: setpriv executes the line in place). Unchanged where setpriv is not on
     * the PATH; {@link #stopLeftovers} still finds such a trial when the run is resumed.
     */
    static Engine.Line diesWithRunner(Engine.Line line) {
        return SETPRIV.map(s -> line.prefixed(List.of(s.toString(), "--pdeathsig", "KILL", "--"))).orElse(line);
    }

    private static final java.util.Optional<Path> SETPRIV = org.carbonlab.util.Programs.find("setpriv",
            System.getenv("PATH"));

    /** Records that trial {@code id} of run {@code dir} runs as {@code process}: {@code logs/ID.pid}, pid and start. */
    static void recordRunning(Path dir, String id, ProcessHandle process) throws IOException {
        Files.createDirectories(pidFile(dir, id).getParent());
        Files.writeString(pidFile(dir, id), process.pid() + " " + process.info().startInstant().map(Object::toString)
                .orElse("-") + "\n");
    }

    /** Forgets that trial {@code id} runs (it ended, whatever way). */
    static void recordEnded(Path dir, String id) throws IOException {
        Files.deleteIfExists(pidFile(dir, id));
    }

    /**
     * Stops the trial processes of run {@code dir} that a runner which died left running (their {@code logs/*.pid}
     * name a live process started at the recorded instant), with their descendants, and says so in {@code out};
     * a resumed run then measures alone instead of beside them.
     *
     * @throws IOException where one does not end within 5 seconds of SIGKILL
     */
    static void stopLeftovers(Path dir, java.io.PrintStream out) throws IOException {
        Path logs = dir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(logs)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList();
        }
        for (Path f : files) {
            String id = f.getFileName().toString().replaceFirst("\\.pid$", "");
            String[] recorded = Files.readString(f).trim().split(" ");
            java.util.Optional<ProcessHandle> live = ProcessHandle.of(Long.parseLong(recorded[0]))
                    .filter(h -> h.info().startInstant().map(Object::toString).orElse("-").equals(recorded[1]));
            if (live.isPresent()) {
                ProcessHandle h = live.get();
                out.println("trial " + id + " of this run is still running (pid " + h.pid() + ", left by a runner that"
                        + " ended without stopping it): stopping it and its processes before resuming");
                if (!org.carbonlab.process.ProcessStop.kill(h)) {
                    throw new IOException("trial " + id + "'s process " + h.pid() + " did not end after SIGKILL;"
                            + " stop it, then resume");
                }
            }
            Files.delete(f);
        }
    }

    private static Path pidFile(Path dir, String id) {
        return dir.resolve("logs").resolve(id + ".pid");
    }

    /** The system property naming the class-data archive for the trials' JVMs ({@code ./carbonlab} sets it). */
    public static final String CDS_ARCHIVE = "carbonlab.cds-archive";

    /**
     * The process of one trial, from its engine: the workload's command, or a child JVM ({@link TrialMain}) on its
     * input, which is written to {@code input}.
     */
    static Engine.Line line(TrialSettings settings, long seed, Path input, List<String> childJvmArgs)
            throws IOException {
        Json.MAPPER.writeValue(input.toFile(), new TrialMain.Input(settings.engineMap(), seed));
        List<String> java = new ArrayList<>(List.of(org.carbonlab.process.JavaLaunch.java().toString()));
        java.addAll(jvmOptions(childJvmArgs));
        return diesWithRunner(settings.engine().trialLine(new Engine.Launch(java,
                org.carbonlab.process.JavaLaunch.classPath(false), TrialMain.class.getName(), input,
                settings.commandLine(seed), settings.command().cwd())));
    }
}
