package org.carbonlab.engine;

import java.nio.file.Path;
import java.util.List;

import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.compute.Precision;
import org.carbonlab.kernel.Backend;
import org.carbonlab.workload.Architecture;

/**
 * Who trains a trial: the spec key {@code engine}. An engine says what it trains and refuses the rest before anything
 * native loads, says what this build or machine must have, gives the process line of one trial and, for an engine
 * whose trials are child JVMs of carbonlab ({@link JvmEngine}), trains that trial there. Engines are found by name
 * through {@link Engines}; a new one is a class plus its line there.
 */
public interface Engine {

    /** The prefix of a setting that is an environment variable of the trial's process ({@code env.OMP_NUM_THREADS}). */
    String ENV_PREFIX = "env.";

    /** The spelling in specs and results, e.g. {@code djl}. */
    String id();

    /** One sentence for the manifest: the framework, its version and how each trial runs. */
    String description();

    /** What a trial's process is called in its failure reasons ({@code the trial's JVM}, {@code the command}). */
    String trialNoun();

    /**
     * Whether every trial of this engine ends with a result or an error line. A child JVM of carbonlab does; a
     * command may say nothing (its captures and marks are its result), and a failed one's log tail says why.
     */
    boolean reportsEveryTrial();

    /**
     * The settings a trial of this engine is given, of its workload's {@code settings} (spec spelling): a child JVM
     * is given the {@code builtIn} keys, a command the engine, the allocator and the keys its command line names as
     * {@code placeholders}; both are given the environment ({@code env.NAME}).
     */
    java.util.Map<String, String> given(java.util.Map<String, String> settings, java.util.Collection<String> builtIn,
                                        java.util.Collection<String> placeholders);

    /** Refuses, with what would work, a workload this engine does not train; nothing native is loaded. */
    void requireTrains(Request r);

    /** Refuses what this build lacks for {@code r} (a run on a cluster is checked this far). Default: nothing. */
    default void requireBuild(Request r) {
    }

    /** Refuses what this machine lacks for {@code r} (a run on this machine). Default: nothing. */
    default void requireMachine(Request r) {
    }

    /** The process of one trial: its line and where it starts. */
    Line trialLine(Launch launch);

    /** The kernels whose measured peaks a training run of this engine is held against for MFU. */
    Backend rooflineBackend();

    /**
     * What an engine is asked to train: the parts of a workload that decide whether it can.
     *
     * @param model      the model
     * @param precision  number format
     * @param distilled  whether it learns from a teacher's logits
     * @param device     where it trains
     * @param hasCommand whether the workload gives a command line
     */
    record Request(Architecture model, Precision precision, boolean distilled, ComputeDevice device, boolean hasCommand) {
    }

    /**
     * What a trial's process line is made of.
     *
     * @param java      the java launcher and the child JVM's options
     * @param classPath this JVM's class path
     * @param mainClass the child JVM's entry point
     * @param input     the file the child JVM reads its settings from
     * @param command   the workload's command line, its placeholders filled (empty: none)
     * @param cwd       the directory the workload's command starts in (null: where carbonlab runs)
     */
    record Launch(List<String> java, String classPath, String mainClass, Path input, List<String> command, Path cwd) {
    }

    /**
     * A trial's process.
     *
     * @param command   its process line
     * @param directory where it starts (null: where carbonlab runs)
     */
    record Line(List<String> command, Path directory) {

        /** This line with {@code prefix} before it (e.g. a wrapper that runs the rest in place). */
        public Line prefixed(List<String> prefix) {
            List<String> c = new java.util.ArrayList<>(prefix);
            c.addAll(command);
            return new Line(List.copyOf(c), directory);
        }
    }
}
