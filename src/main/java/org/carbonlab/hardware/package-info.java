/**
 * What the hardware is and draws, each figure with its source: TDP and core counts of CPUs
 * ({@link org.carbonlab.hardware.CpuCatalog}), board power of accelerators
 * ({@link org.carbonlab.hardware.AcceleratorCatalog}), the CPU's microarchitecture and generation, hypervisor and vCPUs
 * from {@code /proc/cpuinfo} ({@link org.carbonlab.hardware.CpuIdentity}), and per-thread power by generation from
 * SPECpower results, with its band ({@link org.carbonlab.hardware.SpecpowerModels}). Used by the estimate in
 * {@code power} and by {@code carbonlab estimate} in {@code carbon}; depends on nothing of ours but {@code util}.
 */
package org.carbonlab.hardware;
