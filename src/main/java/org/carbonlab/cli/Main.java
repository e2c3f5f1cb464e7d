package org.carbonlab.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.carbonlab.measure.CommandMeter;
import org.carbonlab.util.Durations;
import org.carbonlab.util.UserException;

/** The {@code carbonlab} entry point. */
@Command(name = "carbonlab", mixinStandardHelpOptions = true, version = "carbonlab 0.1.0",
        description = {"Measures the energy and CO2e of training models, and compares ways of training with evidence.",
            "Also: ./carbonlab bench [JMH options] runs the JMH benchmarks with the same meters (the launcher builds"
                    + " target/benchmarks.jar)."})
public final class Main implements Runnable {

    /** The commands, in the order the help lists them. */
    static final List<Class<?>> COMMANDS = List.of(SensorsCommand.class, MeasureCommand.class, EstimateCommand.class,
            WhatIfCommand.class, ScheduleCommand.class, SubsetCommand.class, TrainCommand.class, RunCommand.class,
            TuneCommand.class, ReportCommand.class, CompareCommand.class, SelftestCommand.class, PublishCommand.class,
            VerifyCommand.class, LedgerCommand.class, StatusCommand.class, TrialCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class);

    /** Exit code for a configuration or input the user must fix. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the measured command cannot be started (as shells do). */
    public static final int EXIT_NOT_STARTED = 127;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command (listed below), e.g."
                + " carbonlab run experiments/quickstart.yaml");
    }

    /** Returns the configured command line with every command (for tests and the help). */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line for {@code args}: only the command they name, where they name one (picocli builds each
     * command's model by reflection, a tenth of a second for all of them at every start), else every command (the
     * help, an unknown or missing command: the answer lists them all).
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(c));
                }
            }
        }
        return commandLine(COMMANDS);
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        commands.forEach(cl::addSubcommand); // picocli makes each command from its class
        cl.registerConverter(java.time.Duration.class, t -> converted(() -> Durations.parse(t)));
        cl.registerConverter(java.time.Instant.class, t -> converted(() -> Durations.instant(t)));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof UserException) { // an input to fix; anything else is a bug (below)
                line.getErr().println("carbonlab: " + ex.getMessage());
                return ex instanceof CommandMeter.StartFailure ? EXIT_NOT_STARTED : EXIT_USAGE;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                line.getErr().println("carbonlab: " + ioMessage(ex instanceof java.io.UncheckedIOException u
                        ? u.getCause() : (java.io.IOException) ex));
                return EXIT_USAGE;
            }
            if (System.getenv("CARBONLAB_DEBUG") == null) { // a bug: one line, the trace on request
                line.getErr().println("carbonlab: internal error (" + ex + "); rerun with CARBONLAB_DEBUG=1 for"
                        + " the stack trace, and please report it");
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    private static <T> T converted(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (UserException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** Runs carbonlab and exits with its exit code. */
    public static void main(String[] args) {
        String[] a = arguments(args);
        System.exit(commandLine(a).execute(a));
    }

    /**
     * {@code args} as carbonlab reads them: where the first names no command (a typo, a command this version lacks),
     * that word alone, so that it is refused as unknown (exit 2, with the nearest commands) instead of a later
     * {@code --help} printing the top help with exit 0 as if the command existed.
     */
    static String[] arguments(String[] args) {
        if (args.length > 1 && !args[0].startsWith("-") && COMMANDS.stream().noneMatch(c -> c.getAnnotation(
                Command.class).name().equals(args[0]))) {
            return new String[] {args[0]};
        }
        return args;
    }

    /** A file problem in words: which file, and what is wrong with it. */
    static String ioMessage(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException) {
            String what = e instanceof java.nio.file.NoSuchFileException n ? n.getFile() : e.getMessage();
            return what.contains("(Is a directory)") ? what.replace(" (Is a directory)", "") + " is a directory, not"
                    + " a file" : what.replace(" (No such file or directory)", "") + " does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + " cannot be accessed (permission denied)";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException a) {
            return a.getFile() + " already exists; results are never overwritten";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return "not the JSON expected: " + j.getOriginalMessage()
                    + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ")");
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
