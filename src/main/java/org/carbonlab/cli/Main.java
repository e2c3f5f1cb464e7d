package org.carbonlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.carbonlab.measure.CommandMeter;
import org.carbonlab.util.Durations;
import org.carbonlab.util.UserException;

/** The {@code carbonlab} entry point. */
@Command(name = "carbonlab", mixinStandardHelpOptions = true, version = "carbonlab 0.1.0",
        description = "Measures the energy and CO2e of training models, and compares ways of training with evidence.",
        subcommands = {SensorsCommand.class, MeasureCommand.class, EstimateCommand.class, WhatIfCommand.class,
                ScheduleCommand.class, SubsetCommand.class, TrainCommand.class, RunCommand.class, ReportCommand.class,
                CompareCommand.class, LedgerCommand.class, StatusCommand.class, TrialCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for a configuration or input the user must fix. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the measured command cannot be started (as shells do). */
    public static final int EXIT_NOT_STARTED = 127;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Returns the configured command line (for tests and the launcher). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(java.time.Duration.class, t -> converted(() -> Durations.parse(t)));
        cl.registerConverter(java.time.Instant.class, t -> converted(() -> Durations.instant(t)));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof UserException || ex instanceof IllegalArgumentException) {
                line.getErr().println("carbonlab: " + ex.getMessage());
                return ex instanceof CommandMeter.StartFailure ? EXIT_NOT_STARTED : EXIT_USAGE;
            }
            throw ex;
        });
        return cl;
    }

    private static <T> T converted(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** Runs carbonlab and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
