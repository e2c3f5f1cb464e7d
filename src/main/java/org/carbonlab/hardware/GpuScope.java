package org.carbonlab.hardware;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of a machine's GPUs a measurement may count: all of them, or only those a scheduler allotted to this job,
 * so that two jobs sharing a node never both report a GPU's energy. Slurm names the allotted GPUs by physical
 * index in {@code SLURM_STEP_GPUS} / {@code SLURM_JOB_GPUS} (NVML's indices); {@code CUDA_VISIBLE_DEVICES} is
 * used where those are absent, as UUIDs ({@code GPU-...}) or as indices (physical ones when no cgroup renumbers
 * them).
 *
 * @param allotted the allotted GPUs as indices or UUIDs (empty: every GPU of the machine)
 * @param origin   where the allotment was read, e.g. {@code SLURM_JOB_GPUS=0,2}
 */
public record GpuScope(Optional<List<String>> allotted, String origin) {

    /** Every GPU of the machine. */
    public static final GpuScope ALL = new GpuScope(Optional.empty(), "all GPUs of the machine");

    /** The scope the environment {@code env} gives (Slurm's variables first). */
    public static GpuScope fromEnvironment(Map<String, String> env) {
        for (String name : List.of("SLURM_STEP_GPUS", "SLURM_JOB_GPUS", "CUDA_VISIBLE_DEVICES")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return new GpuScope(Optional.of(Arrays.stream(v.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList()), name + "=" + v);
            }
        }
        return ALL;
    }

    /** Whether the GPU at NVML index {@code index} with {@code uuid} may be counted. */
    public boolean includes(int index, String uuid) {
        return allotted.map(a -> a.contains(Integer.toString(index)) || a.contains(uuid)).orElse(true);
    }
}
