/**
 * Studies: a YAML spec ({@link org.carbonlab.experiment.spec.ExperimentSpec}, refused at {@code file:line:column} when
 * wrong) becomes a {@link org.carbonlab.experiment.spec.Plan} of counterbalanced, paired-seed trials that the
 * {@link org.carbonlab.experiment.run.Runner} runs one at a time, each in its own process while the parent meters it: a
 * child JVM ({@link org.carbonlab.experiment.run.TrialMain}) for the DJL and ND4J engines, or any training command that
 * speaks the trial protocol ({@code experiments/PROTOCOL.md}). Every ended trial is one synced line of
 * {@code trials.jsonl}; the manifest records everything needed to reproduce the run.
 */
package org.carbonlab.experiment.run;
