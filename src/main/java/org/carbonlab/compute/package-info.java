/**
 * What computes, below the workloads, kernels and engines: the number formats
 * ({@link org.carbonlab.compute.Precision}), where a model trains ({@link org.carbonlab.compute.ComputeDevice}: the CPU
 * or a GPU that DJL's natives and NVML can use), and ND4J's runtime ({@link org.carbonlab.compute.Nd4jRuntime}: the
 * native build this CPU can run, picked before ND4J loads, and the class path of ND4J's jars for child JVMs).
 */
package org.carbonlab.compute;
