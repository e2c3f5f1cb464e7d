/**
 * Measures an arbitrary command (a Python training script as well as a Java one): runs it as a child process while
 * the power sources are sampled, and writes its trace and summary. What {@code carbonlab measure} does. Also what a
 * command says in its own words ({@link org.carbonlab.measure.OutputWatch}: captured numbers and marks set by its
 * lines), which a study's command trials read the same way.
 */
package org.carbonlab.measure;
