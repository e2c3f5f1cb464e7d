/**
 * The hardware catalog: TDP and core counts of CPUs ({@link org.carbonlab.hardware.CpuCatalog}) and board power of
 * accelerators ({@link org.carbonlab.hardware.AcceleratorCatalog}), each figure with its source. Used by the
 * estimate in {@code power} and by {@code carbonlab estimate} in {@code carbon}; depends on nothing of ours.
 */
package org.carbonlab.hardware;
