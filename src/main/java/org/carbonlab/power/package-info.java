/**
 * The energy meter: power sources behind one SPI ({@link org.carbonlab.power.PowerSource}), a sampler thread
 * that streams every reading to a trace file, and an {@link org.carbonlab.power.EnergyMeter} that turns
 * counter deltas or sampled power into energy per device per window, each figure labelled with its
 * {@link org.carbonlab.power.Provenance} and the fraction of the window its samples cover.
 *
 * <p>This package depends on nothing else of carbonlab's.
 */
package org.carbonlab.power;
