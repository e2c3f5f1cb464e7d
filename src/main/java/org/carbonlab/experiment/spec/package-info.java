/**
 * A study spec, read and checked: {@link org.carbonlab.experiment.spec.ExperimentSpec#parse} refuses a bad spec at
 * its {@code file:line:column} before anything runs; the workload's settings ({@link
 * org.carbonlab.experiment.spec.TrialSettings}), the design ({@link org.carbonlab.experiment.spec.Design}), a tune's
 * section, and the {@link org.carbonlab.experiment.spec.Plan} of trials in run order. Reads files, runs nothing.
 */
package org.carbonlab.experiment.spec;
