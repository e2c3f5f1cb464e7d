/**
 * Measures an arbitrary command (a Python training script as well as a Java one): runs it as a child process while
 * the power sources are sampled, and writes its trace and summary. What {@code carbonlab measure} does.
 */
package org.carbonlab.measure;
