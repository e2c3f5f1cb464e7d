package org.carbonlab.experiment.run;

import org.carbonlab.measure.OutputWatch;
import org.carbonlab.results.Json;
import org.carbonlab.results.TrialOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.carbonlab.util.UserException;

/**
 * A trial's child process seen from the parent: it reads the trial protocol from the child's standard output as
 * the lines come ({@value TrialMain#MARK}, {@value TrialMain#RESULT}, {@value TrialMain#ERROR};
 * {@code experiments/PROTOCOL.md}) and hands the other lines to an {@link OutputWatch} (the pump {@code measure}
 * uses too), which finds a workload's captures and marks; it kills the child with its whole process tree when it
 * runs past the trial timeout, and says how it ended. The same protocol serves the DJL/ND4J child JVM and any
 * training command.
 */
final class TrialProcess {

    /**
     * How the child ended.
     *
     * @param exitCode its exit code (128 + signal when killed by one)
     * @param outcome  its valid result (null: none, or not valid)
     * @param error    what it said went wrong ({@value TrialMain#ERROR}), or why its result is not valid (null: none)
     * @param timedOut whether it was killed for running past the trial timeout
     */
    record Ended(int exitCode, TrialOutcome outcome, String error, boolean timedOut) {
    }

    private TrialProcess() {
    }

    /**
     * Reads the protocol from {@code p}'s standard output until it closes, passing each mark to {@code watch} and
     * every other line to {@code stdout} and then to {@code watch}, and waits for it; {@code timeout} (zero: none)
     * kills it with its descendants.
     */
    static Ended follow(Process p, Duration timeout, OutputWatch watch, Consumer<String> stdout) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = null;
        if (!timeout.isZero()) {
            watchdog = new Thread(() -> {
                try {
                    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        timedOut.set(true);
                        org.carbonlab.process.ProcessStop.kill(p.toHandle());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the child ended in time
                }
            }, "carbonlab-trial-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        TrialOutcome outcome = null;
        String error = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(TrialMain.MARK)) {
                    watch.protocolMark(line.substring(TrialMain.MARK.length()).trim());
                } else if (line.startsWith(TrialMain.RESULT)) {
                    try {
                        outcome = Json.read(line.substring(TrialMain.RESULT.length()), TrialOutcome.class);
                        String problem = outcome.problem();
                        if (problem != null) {
                            outcome = null;
                            error = "its result line is incomplete: " + problem;
                        }
                    } catch (IOException e) {
                        outcome = null;
                        error = "its result line is not a trial outcome (experiments/PROTOCOL.md): "
                                + firstLine(e.getMessage());
                    }
                } else if (line.startsWith(TrialMain.ERROR)) {
                    error = error == null ? line.substring(TrialMain.ERROR.length()).trim() : error;
                } else {
                    stdout.accept(line);
                    watch.line(OutputWatch.Stream.STDOUT, line);
                }
            }
        }
        int code = waitFor(p);
        if (watchdog != null) {
            watchdog.interrupt();
        }
        return new Ended(code, outcome, error, timedOut.get());
    }

    /** Waits for a stream's reader after its process ended ({@link OutputWatch#awaitReader}). */
    static void join(Thread reader) {
        try {
            OutputWatch.awaitReader(reader);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs a preflight command line (in {@code cwd}; null: here) and refuses the study (an {@link
     * org.carbonlab.util.UserException}) when it exits
     * non-zero or runs past {@code timeout}, with what it said.
     */
    static void preflight(List<String> line, Path cwd, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("carbonlab-preflight-", ".log");
            Process p = new ProcessBuilder(line).directory(cwd == null ? null : cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                org.carbonlab.process.ProcessStop.kill(p.toHandle());
                throw new UserException("preflight " + String.join(" ", line) + " did not end within "
                        + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                List<String> said = Files.readAllLines(out, StandardCharsets.UTF_8);
                String why = said.stream().filter(l -> l.startsWith(TrialMain.ERROR)).findFirst()
                        .map(l -> l.substring(TrialMain.ERROR.length()).trim())
                        .orElse(String.join(" | ", tail(said, 3)));
                throw new UserException("preflight refused (" + String.join(" ", line) + ", exit code "
                        + p.exitValue() + "): " + why);
            }
        } catch (IOException e) {
            throw new UserException("cannot run the preflight " + String.join(" ", line) + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted during the preflight " + String.join(" ", line), e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /** The last {@code n} non-blank lines of {@code log} (a trial's standard error), joined; empty if none. */
    static String logTail(Path log, int n) {
        try {
            String joined = String.join(" | ", tail(Files.readAllLines(log, StandardCharsets.UTF_8), n));
            return joined.length() > 500 ? joined.substring(joined.length() - 500) : joined;
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        List<String> kept = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                kept.add(l.trim());
            }
        }
        return kept.subList(Math.max(0, kept.size() - n), kept.size());
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.lines().findFirst().orElse("");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            org.carbonlab.process.ProcessStop.kill(p.toHandle());
            return 130;
        }
    }
}
