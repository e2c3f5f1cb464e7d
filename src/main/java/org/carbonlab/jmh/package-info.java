/**
 * Thin JMH adapters: the {@link org.carbonlab.jmh.EnergyProfiler} meters each benchmark iteration with the lab's
 * power sources and reports joules, watts and gCO2e per operation with their provenance; the
 * {@link org.carbonlab.jmh.ErrorProfiler} reports a kernel's error against FP64. The logic lives in plain classes.
 */
package org.carbonlab.jmh;
