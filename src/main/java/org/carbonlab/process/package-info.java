/**
 * The lab's child processes: one stop policy for a process and everything it started
 * ({@link org.carbonlab.process.ProcessStop}: the tree collected first, SIGTERM, SIGKILL after a grace) and one
 * Java launch line for its own child JVMs ({@link org.carbonlab.process.JavaLaunch}); used by a study's trials,
 * {@code measure}, the Slurm commands and job scripts. Depends on nothing of ours.
 */
package org.carbonlab.process;
