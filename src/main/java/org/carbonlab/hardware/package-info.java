/**
 * What the hardware is and draws, each figure with its source: TDP and core counts of CPUs
 * ({@link org.carbonlab.hardware.CpuCatalog}), board power of accelerators
 * ({@link org.carbonlab.hardware.AcceleratorCatalog}), the CPU's microarchitecture and generation, hypervisor and vCPUs
 * from {@code /proc/cpuinfo} ({@link org.carbonlab.hardware.CpuIdentity}), and per-thread power by generation from
 * SPECpower results, with its band ({@link org.carbonlab.hardware.SpecpowerModels}); and the bindings that read the
 * machine's devices and counters: NVML over JNA ({@link org.carbonlab.hardware.Nvml},
 * {@link org.carbonlab.hardware.JnaNvml}, the GPUs a job may use: {@link org.carbonlab.hardware.GpuScope}), a
 * process's {@code /proc/PID/stat} ({@link org.carbonlab.hardware.ProcStat}), the machine's {@code /proc/stat}
 * ({@link org.carbonlab.hardware.MachineActivity}) and kernel files ({@link org.carbonlab.hardware.KernelFile}).
 * Used by the sources in {@code power.source} (which turn these devices into power sources), by {@code engine},
 * {@code experiment} and {@code cluster} for device discovery, and by {@code carbonlab estimate} in {@code carbon};
 * depends on nothing of ours but {@code util}.
 */
package org.carbonlab.hardware;
