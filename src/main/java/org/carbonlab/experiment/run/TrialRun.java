package org.carbonlab.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.carbonlab.engine.Engine;
import org.carbonlab.measure.OutputWatch;
import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.Metering;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.experiment.spec.TrialSettings;

/**
 * One trial on this machine: its process (the workload's command, or a child JVM) started under the meter with its
 * output watched for marks and its result, followed to its end, and its record: ok, failed with the reason in words,
 * timed out, or interrupted.
 */
final class TrialRun {

    private TrialRun() {
    }

    /**
     * What a trial needs from its runner.
     *
     * @param childJvmArgs the user's options for a trial's JVM
     * @param progress     where progress goes (flushed at each of the trial's marks)
     * @param onChildStart told the trial's process as it starts
     * @param current      where the running trial's process is kept, for a shutdown to stop it
     * @param interrupted  whether a shutdown stopped the run
     */
    record Context(List<String> childJvmArgs, java.io.PrintStream progress, Consumer<ProcessHandle> onChildStart,
                   AtomicReference<Process> current, BooleanSupplier interrupted) {
    }

    /** How the trial's process ended, with what the meter measured over it. */
    private record Ended(TrialProcess.Ended end, Measurement measurement, Map<String, OutputWatch.Found> found) {
    }

    /** Runs trial {@code t} with {@code sel}'s sources open, {@code pricing} pricing and banding its figures. */
    static TrialRecord run(Path dir, Plan plan, Plan.Trial t, PowerSources.Selection sel,
                           TrialRecords.Pricing pricing, Context c) throws IOException {
        TrialSettings settings = t.variant().settings();
        Path trace = dir.resolve("power").resolve(t.id() + ".csv");
        Files.deleteIfExists(trace); // a trial that is run again (resume) replaces its unfinished trace
        Path input = Files.createTempFile("carbonlab-trial-", ".json");
        Engine.Line line = TrialLaunch.line(settings, t.seed(), input, c.childJvmArgs());
        String what = settings.engine().trialNoun();
        String started = Instant.now().toString();
        try (Metering metering = Metering.start(sel.sources(), sel.statuses(), plan.spec().interval(),
                Optional.of(trace))) {
            EnergyMeter meter = metering.meter();
            meter.begin(t.id());
            OutputWatch watch = settings.command().watch(label -> {
                meter.mark(label);
                c.progress().flush();
            });
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(line.command()).directory(toFile(line.directory()));
                pb.environment().putAll(settings.processEnv(System.getenv())); // allocator, env:, env.NAME
                p = pb.start();
            } catch (IOException e) {
                Measurement m = meter.end();
                return TrialRecords.of(t, TrialStatus.FAILED, "cannot start " + what + ": " + e.getMessage(), started,
                        null, m, null, pricing);
            }
            Ended ended = follow(dir, plan, t, sel, p, watch, meter, c);
            return record(dir, plan, t, ended, what, started, pricing, c.interrupted().getAsBoolean());
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** Follows the trial's process to its end: its output into its logs and the watch, the meter closed after it. */
    private static Ended follow(Path dir, Plan plan, Plan.Trial t, PowerSources.Selection sel, Process p,
                                OutputWatch watch, EnergyMeter meter, Context c) throws IOException {
        c.current().set(p);
        TrialLaunch.recordRunning(dir, t.id(), p.toHandle());
        sel.sources().forEach(s -> s.track(p.pid()));
        c.onChildStart().accept(p.toHandle());
        TrialProcess.Ended end;
        try (java.io.PrintWriter err = lineLog(dir.resolve("logs").resolve(t.id() + ".log"));
             StdoutLog out = new StdoutLog(dir.resolve("logs").resolve(t.id() + ".stdout.log"))) {
            Thread stderr = watch.pump(p.getErrorStream(), OutputWatch.Stream.STDERR, err::println);
            end = TrialProcess.follow(p, plan.spec().trialTimeout(), watch, out::println);
            TrialProcess.join(stderr);
        }
        c.current().set(null);
        TrialLaunch.recordEnded(dir, t.id());
        return new Ended(end, meter.end(), watch.found());
    }

    /** The trial's record from how its process ended: ok, interrupted, timed out, or failed with the reason. */
    private static TrialRecord record(Path dir, Plan plan, Plan.Trial t, Ended ended, String what, String started,
                                      TrialRecords.Pricing pricing, boolean interrupted) {
        TrialSettings settings = t.variant().settings();
        boolean reports = settings.engine().reportsEveryTrial();
        TrialProcess.Ended end = ended.end();
        Measurement m = ended.measurement();
        int code = end.exitCode();
        if (interrupted) {
            return TrialRecords.of(t, TrialStatus.INTERRUPTED, "the run was interrupted (SIGINT/SIGTERM, or the"
                    + " scheduler's cancel or time limit) while this trial ran", started, code, m, null, pricing);
        }
        if (end.timedOut()) {
            return TrialRecords.of(t, TrialStatus.TIMED_OUT, what + " ran past trial-timeout ("
                    + org.carbonlab.util.Durations.words(plan.spec().trialTimeout().toMillis() / 1000.0) + ") and was"
                    + " killed with its process tree", started, code, m, null, pricing);
        }
        Map<String, OutputWatch.Found> found = ended.found();
        if (code == 0 && (end.outcome() != null || !reports && end.error() == null)) { // a command may say nothing
            TrialOutcome o = TrialRecords.outcome(end.outcome(), settings.engine().id(), found);
            TrialRecord r = TrialRecords.of(t, TrialStatus.OK, null, started, code, m, o, pricing);
            return r.with(r.context().withCaptures(TrialRecords.captures(found, o)));
        }
        String reason = end.error() != null ? end.error() : code > 128 ? what + " was killed by signal "
                + (code - 128) : what + " exited with code " + code + " without a result; see logs/" + t.id()
                + ".log";
        if (!reports) { // a command's log says why; a child JVM's error line did
            String tail = TrialProcess.logTail(dir.resolve("logs").resolve(t.id() + ".log"), 3);
            reason += (end.error() != null ? " (exit code " + code + ")" : "")
                    + (tail.isEmpty() ? "" : "; last lines of its stderr: " + tail);
        }
        TrialRecord r = TrialRecords.of(t, TrialStatus.FAILED, reason, started, code, m, null, pricing);
        return r.with(r.context().withCaptures(TrialRecords.captures(found, null)));
    }

    /**
     * The standard output a trial's process writes beside the protocol's lines, kept line by line as it comes; the
     * file is made at the first line (a child JVM of carbonlab writes none of its own).
     */
    private static final class StdoutLog implements AutoCloseable {
        private final Path file;
        private java.io.PrintWriter writer;

        StdoutLog(Path file) {
            this.file = file;
        }

        void println(String line) {
            try {
                if (writer == null) {
                    writer = lineLog(file);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            writer.println(line);
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** A log that keeps each line as it comes (a long trial's log can be followed while it runs). */
    private static java.io.PrintWriter lineLog(Path file) throws IOException {
        return new java.io.PrintWriter(Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8), true);
    }

    private static java.io.File toFile(Path p) {
        return p == null ? null : p.toFile();
    }
}
