/**
 * Precision roofline kernels: GEMM and conv2d ({@link org.carbonlab.kernel.Op}) run by an
 * {@link org.carbonlab.kernel.Backend} (DJL/PyTorch, ND4J with or without oneDNN) in a
 * {@link org.carbonlab.kernel.Format} (FP32, FP16, BF16), checked against a plain-Java FP64
 * {@link org.carbonlab.kernel.Reference}. JMH times them ({@code KernelBench}); {@link org.carbonlab.kernel.Roofline}
 * is the per-machine table of what each engine and format reaches, the denominator of model FLOP utilisation.
 */
package org.carbonlab.kernel;
