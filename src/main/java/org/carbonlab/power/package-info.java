/**
 * The energy meter: power sources behind one SPI ({@link org.carbonlab.power.PowerSource}), a sampler thread
 * that streams every reading to a trace file, and an {@link org.carbonlab.power.EnergyMeter} that turns
 * counter deltas or sampled power into energy per device per window, each figure labelled with its
 * {@link org.carbonlab.power.Provenance} and the fraction of the window its samples cover;
 * {@link org.carbonlab.power.Metering} starts and stops the three together, the one way every stage meters.
 *
 * <p>This package depends on nothing else of carbonlab's but {@code util}.
 */
package org.carbonlab.power;
