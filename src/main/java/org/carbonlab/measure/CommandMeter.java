package org.carbonlab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.carbonlab.power.Metering;
import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.IdleBaseline;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.PowerException;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.util.OutputDirs;

/**
 * Runs a command as a child process and measures it: opens the sources, optionally measures an idle baseline,
 * samples while the command runs, and writes {@code power.csv} (streamed) and {@code summary.json} to the output
 * directory. The command's exit code is returned untouched; an interrupt (Ctrl-C) stops the command and still
 * writes what was measured.
 */
public final class CommandMeter {

    /**
     * How to measure.
     *
     * @param sources       source names ({@code auto}, {@code rapl}, {@code nvml}, {@code estimate}, {@code replay:FILE})
     * @param interval      sampling interval
     * @param idle          idle baseline to measure before the command; zero for none
     * @param outDir        where the trace and summary go: a folder the user named (it must hold nothing yet), or
     *                      with {@code uniqueOut} the first free name of {@code outDir}, {@code outDir-2}, ...
     * @param uniqueOut     whether {@code outDir} is a default name to make unique
     * @param sourceOptions where sources look and the estimate's assumptions
     * @param captures      numbers to find in the command's output (empty: none, and the command keeps the terminal)
     */
    public record Options(List<String> sources, Duration interval, Duration idle, Path outDir, boolean uniqueOut,
                          PowerSources.Options sourceOptions, List<Capture> captures) {

        /** Checks the captures' names. */
        public Options {
            captures = List.copyOf(captures);
            OutputWatch.names(captures);
        }
    }

    /**
     * What a measured command did.
     *
     * @param command     the command line
     * @param exitCode    the command's exit code (128 + signal when a signal ended it)
     * @param interrupted whether the measurement was cut short by an interrupt
     * @param measurement energy per device over the command's run
     * @param idle        the idle baseline, if one was measured
     * @param trace       the power trace file
     * @param summary     the JSON summary file
     * @param meter       what measuring cost
     * @param captured    what each of the options' captures found, in their order (empty: none asked)
     * @param bands       per channel id, the band of an estimated channel's energy (empty: none banded)
     */
    public record Result(List<String> command, int exitCode, boolean interrupted, Measurement measurement,
                         Optional<IdleBaseline> idle, Path trace, Path summary, org.carbonlab.power.MeterCost meter,
                         java.util.Map<String, OutputWatch.Found> captured,
                         java.util.Map<String, org.carbonlab.power.Band> bands) {
    }

    /** Thrown when the command cannot be started at all (not found, not executable). */
    public static final class StartFailure extends PowerException {
        private static final long serialVersionUID = 1L;

        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Options options;

    /** Creates a meter with {@code options}. */
    public CommandMeter(Options options) {
        this.options = options;
    }

    /**
     * Runs {@code command} and measures it; {@code onDone} receives the result before this method returns, also
     * when a JVM shutdown (Ctrl-C) ends the run early.
     */
    public Result run(List<String> command, java.util.function.Consumer<Result> onDone) throws IOException {
        if (command.isEmpty()) {
            throw new PowerException("no command given: put it after '--', e.g. carbonlab measure -- python train.py");
        }
        requireRunnable(command.get(0)); // a command that cannot start: nothing is written
        org.carbonlab.power.Sampler.requireInterval(options.interval());
        if (!options.uniqueOut() && Files.exists(options.outDir().resolve("summary.json"))) {
            throw new PowerException(options.outDir() + " already holds a measurement (summary.json); results are"
                    + " never overwritten: choose another --out");
        }
        try (PowerSources.Selection sel = PowerSources.open(options.sources(), options.sourceOptions())) {
            // only now, with sources that read and a command that exists, is the folder made
            Path out = options.uniqueOut() ? OutputDirs.createUnique(options.outDir().toAbsolutePath().getParent(),
                    options.outDir().getFileName().toString()) : OutputDirs.createFresh(options.outDir());
            return measure(command, onDone, sel, out);
        }
    }

    private Result measure(List<String> command, java.util.function.Consumer<Result> onDone,
                           PowerSources.Selection sel, Path out) throws IOException {
        Path summaryFile = out.resolve("summary.json");
        Path traceFile = out.resolve("power.csv");
        try (Metering metering = Metering.start(sel.sources(), sel.statuses(), options.interval(),
                Optional.of(traceFile))) {
            EnergyMeter meter = metering.meter();
            Optional<IdleBaseline> idle = Optional.empty();
            if (!options.idle().isZero()) {
                try {
                    idle = Optional.of(IdleBaseline.measure(meter, options.idle()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PowerException("interrupted while measuring the idle baseline", e);
                }
            }
            return runMetered(command, meter, idle, traceFile, summaryFile, onDone,
                pid -> sel.sources().forEach(s -> s.track(pid)), sel::bands);
        }
    }

    /** Refuses a program that is neither on the PATH nor an executable file, before anything is written. */
    static void requireRunnable(String program) {
        if (org.carbonlab.util.Programs.find(program, System.getenv("PATH")).isEmpty()) {
            throw new StartFailure("cannot run '" + program + "': " + (program.contains("/")
                    ? "not an executable file" : "not found on the PATH"), null);
        }
    }

    private Result runMetered(List<String> command, EnergyMeter meter, Optional<IdleBaseline> idle, Path trace,
                              Path summary, java.util.function.Consumer<Result> onDone,
                              java.util.function.LongConsumer tracker,
                              java.util.function.Supplier<java.util.Map<String, org.carbonlab.power.Band>> bands) {
        OutputWatch watch = new OutputWatch(options.captures(), java.util.Map.of(), label -> { });
        org.carbonlab.power.source.EstimateSource.Config estimate = options.sourceOptions().estimate();
        Finisher finisher = new Finisher(command, meter, idle, trace, summary, onDone,
                org.carbonlab.power.source.EstimateSource.wattsPerCore(estimate,
                        org.carbonlab.hardware.CpuCatalog.load()), watch,
                org.carbonlab.power.source.EstimateSource.provenance(estimate), bands);
        java.util.concurrent.atomic.AtomicReference<Process> child = new java.util.concurrent.atomic.AtomicReference<>();
        // registered before the window opens, so a Ctrl-C at any moment still ends the command and writes the summary
        Thread hook = new Thread(() -> {
            Process p;
            synchronized (child) { // either the command started and is stopped here, or it never starts
                finisher.interrupted = true;
                p = child.get();
            }
            if (p != null) {
                stop(p);
            }
            finisher.finish(p == null ? 130 : exitCode(p));
        }, "carbonlab-measure-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        meter.begin("command");
        Process process;
        synchronized (child) {
            if (finisher.interrupted) {
                return finisher.finish(130);
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
                if (!watch.watches()) { // nothing to find: the command keeps the terminal (progress bars, colours)
                    pb.inheritIO();
                }
                process = pb.start();
            } catch (IOException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                meter.end();
                throw new StartFailure("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
            }
            child.set(process);
        }
        tracker.accept(process.pid());
        int code = awaitEnd(process, watch, finisher);
        Result r = finisher.finish(code);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: it found the result already finished
        }
        return r;
    }

    /** Gives the command (which got the same Ctrl-C) a moment to exit, then ends it. */
    /** Waits for the command to end, its output passed on and read for the captures; its exit code. */
    private static int awaitEnd(Process process, OutputWatch watch, Finisher finisher) {
        List<Thread> readers = List.of();
        if (watch.watches()) { // each line passed on to the terminal as it comes, and read for the captures
            readers = List.of(watch.pump(process.getInputStream(), OutputWatch.Stream.STDOUT, System.out::println),
                    watch.pump(process.getErrorStream(), OutputWatch.Stream.STDERR, System.err::println));
        }
        int code;
        try {
            code = process.waitFor();
            for (Thread t : readers) {
                OutputWatch.awaitReader(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finisher.interrupted = true;
            stop(process);
            code = exitCode(process);
        }
        return code;
    }

    /**
     * Stops the measured command on a shutdown: 3 s to end by itself (a terminal's Ctrl-C reached it too), then its
     * whole tree by carbonlab's one policy ({@link org.carbonlab.process.ProcessStop}).
     */
    private static void stop(Process p) {
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                org.carbonlab.process.ProcessStop.tree(p.toHandle(), org.carbonlab.process.ProcessStop.GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            org.carbonlab.process.ProcessStop.kill(p.toHandle());
        }
    }

    private static int exitCode(Process p) {
        return p.isAlive() ? 130 : p.exitValue();
    }

    /** Ends the window and hands the result over exactly once, whoever gets there first. */
    private static final class Finisher {
        private final double wattsPerCore;
        private final List<String> command;
        private final EnergyMeter meter;
        private final Optional<IdleBaseline> idle;
        private final Path trace;
        private final Path summary;
        private final java.util.function.Consumer<Result> onDone;
        private final OutputWatch watch;
        private final org.carbonlab.power.Provenance model;
        /** Asked at the end: a band may depend on what the window saw (the whole VM's load). */
        private final java.util.function.Supplier<java.util.Map<String, org.carbonlab.power.Band>> bands;
        private Result result;
        /** Set when a shutdown (Ctrl-C, SIGTERM) or an interrupt ends the run, whoever then finishes it. */
        volatile boolean interrupted;

        Finisher(List<String> command, EnergyMeter meter, Optional<IdleBaseline> idle, Path trace, Path summary,
                 java.util.function.Consumer<Result> onDone, double wattsPerCore, OutputWatch watch,
                 org.carbonlab.power.Provenance model,
                 java.util.function.Supplier<java.util.Map<String, org.carbonlab.power.Band>> bands) {
            this.watch = watch;
            this.model = model;
            this.bands = bands;
            this.wattsPerCore = wattsPerCore;
            this.command = List.copyOf(command);
            this.meter = meter;
            this.idle = idle;
            this.trace = trace;
            this.summary = summary;
            this.onDone = onDone;
        }

        synchronized Result finish(int exitCode) {
            if (result == null) {
                Measurement m = meter.end();
                result = new Result(command, exitCode, interrupted, m, idle, trace, summary,
                        org.carbonlab.power.MeterCost.of(m.meterCpuSeconds(), wattsPerCore, model), watch.found(),
                        java.util.Map.copyOf(bands.get()));
                onDone.accept(result);
            }
            return result;
        }
    }
}
