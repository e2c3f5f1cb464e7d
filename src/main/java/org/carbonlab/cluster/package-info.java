/**
 * Studies on a cluster through Slurm: {@link org.carbonlab.cluster.SlurmRun} prepares a run as a local one would
 * and {@link org.carbonlab.cluster.SlurmSubmitter} hands its trials to Slurm as job arrays (one per placement,
 * task id = trial index) with a dependent report job; on each node {@link org.carbonlab.cluster.NodeTrial} runs
 * one trial under that node's meters and writes its own record file; {@link org.carbonlab.cluster.RunStatus} and
 * {@link org.carbonlab.cluster.SlurmFinish} read the queue and Slurm's accounting. Slurm's commands are called
 * through {@link org.carbonlab.cluster.Slurm}; the lab schedules nothing itself.
 */
package org.carbonlab.cluster;
