/**
 * The engines below the workloads and kernels: who computes ({@link org.carbonlab.engine.Framework}: DJL, ND4J or a
 * training command), in what number format ({@link org.carbonlab.engine.Precision}), and ND4J's runtime
 * ({@link org.carbonlab.engine.Nd4jRuntime}: the native build this CPU can run, picked before ND4J loads, and the
 * class path of ND4J's jars for child JVMs). {@code workload} trains with them, {@code kernel} benchmarks them.
 */
package org.carbonlab.engine;
