/**
 * Who trains a trial ({@link org.carbonlab.engine.Engine}, found by name in {@link org.carbonlab.engine.Engines}):
 * DJL and ND4J SameDiff train it in a child JVM of carbonlab ({@link org.carbonlab.engine.JvmEngine#train}, on the
 * {@code workload}s), a training command is its own process. An engine refuses what it cannot train before anything
 * native loads, gives a trial's process line, and names the {@code kernel} backend its MFU is held against.
 */
package org.carbonlab.engine;
