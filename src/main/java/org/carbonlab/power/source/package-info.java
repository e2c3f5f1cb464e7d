/**
 * The power sources: RAPL powercap counters ({@link org.carbonlab.power.source.RaplSource}), NVIDIA GPUs through
 * NVML ({@link org.carbonlab.power.source.NvmlSource}), the CPU-time x TDP estimate
 * ({@link org.carbonlab.power.source.EstimateSource}) and recorded traces
 * ({@link org.carbonlab.power.source.ReplaySource}); {@link org.carbonlab.power.source.PowerSources} discovers and
 * opens them.
 */
package org.carbonlab.power.source;
