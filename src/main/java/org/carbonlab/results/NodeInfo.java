package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The machine a trial ran on, recorded by the trial itself where that is not the machine that started the run
 * (a Slurm array task): host, CPU, GPUs, the scheduler's ids, and whether it had the node to itself.
 *
 * @param host       host name
 * @param cpu        CPU model
 * @param cpuSimd    the CPU's SIMD flags that matter for training
 * @param gpus       the GPUs this trial could count ({@code name UUID}), none: empty
 * @param gpuScope   which GPUs the trial's meter counted, e.g. {@code SLURM_JOB_GPUS=1}
 * @param jobId      Slurm's job id of this task ({@code SLURM_JOB_ID})
 * @param arrayJobId the array's job id ({@code SLURM_ARRAY_JOB_ID})
 * @param arrayTask  the array task id ({@code SLURM_ARRAY_TASK_ID}), the trial's index
 * @param partition  the partition it ran in
 * @param exclusive  whether the node was the job's alone; false: whole-socket energy (RAPL) includes other jobs'
 * @param identified what the CPU is by its identification fields ({@code CpuIdentity.describe()}: generation,
 *                   hypervisor, vCPUs); null in records written before it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeInfo(String host, String cpu, String cpuSimd, List<String> gpus, String gpuScope, String jobId,
                       String arrayJobId, String arrayTask, String partition, Boolean exclusive,
                       String identified) {

    /**
     * The hardware in a few words, what the report groups trials by: CPU and GPUs (host aside). The CPU's
     * identification is part of it, so two partitions of VMs that both call their CPU "AMD EPYC" are told apart.
     */
    public String hardware() {
        return cpu + (identified == null ? "" : " (" + identified + ")") + (gpus == null || gpus.isEmpty() ? ", no GPU"
                : ", " + String.join(" + ", gpus.stream().map(g -> g.replaceFirst(" GPU-\\S+$", "")).toList()));
    }
}
