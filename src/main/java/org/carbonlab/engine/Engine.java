package org.carbonlab.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Who trains a trial: the spec key {@code engine}. An engine says what it trains and refuses the rest before anything
 * native loads, says what this build or machine must have, and gives the process line of one trial. Engines are
 * found by name through {@link Engines}; a new one is a class plus its line there.
 */
public interface Engine {

    /** The spelling in specs and results, e.g. {@code djl}. */
    String id();

    /** One sentence for the manifest: the framework, its version and how each trial runs. */
    String description();

    /**
     * Whether a trial is the workload's own command line ({@code workload.command}, speaking the trial protocol)
     * rather than a child JVM of carbonlab that trains in process.
     */
    boolean runsCommand();

    /** Refuses, with what would work, a workload this engine does not train; nothing native is loaded. */
    void requireTrains(Request r);

    /** Refuses what this build lacks for {@code r} (a run on a cluster is checked this far). Default: nothing. */
    default void requireBuild(Request r) {
    }

    /** Refuses what this machine lacks for {@code r} (a run on this machine). Default: nothing. */
    default void requireMachine(Request r) {
    }

    /** The process line of one trial. */
    List<String> trialCommand(Launch launch);

    /**
     * The kernels whose measured peaks a training run of this engine is held against for MFU (a {@code kernel}
     * backend id: {@code djl}, {@code nd4j-onednn}).
     */
    String rooflineBackend();

    /**
     * What an engine is asked to train: the parts of a workload that decide whether it can.
     *
     * @param model      the model's spec spelling ({@code cnn}, {@code vit-tiny}, ..., or a command's own)
     * @param precision  number format
     * @param distilled  whether it learns from a teacher's logits
     * @param device     where it trains
     * @param hasCommand whether the workload gives a command line
     */
    record Request(String model, Precision precision, boolean distilled, ComputeDevice device, boolean hasCommand) {
    }

    /**
     * What a trial's process line is made of.
     *
     * @param java      the java launcher and the child JVM's options
     * @param classPath this JVM's class path
     * @param mainClass the child JVM's entry point
     * @param input     the file the child JVM reads its settings from
     * @param command   the workload's command line, its placeholders filled (empty: none)
     */
    record Launch(List<String> java, String classPath, String mainClass, Path input, List<String> command) {
    }
}
