package org.carbonlab.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonlab.experiment.run.Runner;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.hardware.CpuIdentity;
import org.carbonlab.hardware.GpuScope;
import org.carbonlab.hardware.JnaNvml;
import org.carbonlab.hardware.Nvml;
import org.carbonlab.results.NodeInfo;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;

/**
 * One array task on its node ({@code carbonlab trial RUN_DIR INDEX}): runs the trial under this node's power
 * sources, records the node (host, CPU, the GPUs it was allotted, Slurm's ids, whether the node was its alone) and
 * writes the record into {@code trials.d/} under a name no other task uses. Whole-socket energy (RAPL) measured on
 * a node shared with other jobs is labelled so in every channel it touches.
 */
public final class NodeTrial {

    /** The note on a whole-socket channel measured on a shared node. */
    static final String SHARED = "whole-socket energy measured on a node shared with other jobs (not --exclusive):"
            + " it includes their energy";

    private NodeTrial() {
    }

    /** Runs trial {@code index} of {@code runDir} on this node with {@code runner}. */
    public static void run(Runner runner, Path runDir, int index, Map<String, String> env) throws IOException {
        NodeInfo node = here(env);
        String name = "t" + String.format("%03d", index) + "." + env.getOrDefault("SLURM_JOB_ID", "local-"
                + ProcessHandle.current().pid());
        runner.runOne(runDir, index, r -> RunFiles.writeNodeRecord(runDir, label(r.withNode(node)), name));
    }

    /** This node as the environment of a Slurm task describes it. */
    static NodeInfo here(Map<String, String> env) {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        GpuScope scope = GpuScope.fromEnvironment(env);
        String exclusive = env.get("CARBONLAB_SLURM_EXCLUSIVE");
        return new NodeInfo(SlurmSubmitter.host(), CpuCatalog.reportedModel(cpuinfo).orElse("unknown"),
                CpuCatalog.simd(CpuCatalog.flags(cpuinfo)), gpus(scope), scope.origin(), env.get("SLURM_JOB_ID"),
                env.get("SLURM_ARRAY_JOB_ID"), env.get("SLURM_ARRAY_TASK_ID"), env.get("SLURM_JOB_PARTITION"),
                exclusive == null ? null : Boolean.parseBoolean(exclusive), CpuIdentity.ofThisMachine().describe());
    }

    /** The GPUs NVML finds that {@code scope} allots ({@code name UUID}); none where there is no NVML. */
    private static List<String> gpus(GpuScope scope) {
        List<String> out = new ArrayList<>();
        try (Nvml nvml = new JnaNvml()) {
            for (int i = 0; i < nvml.deviceCount(); i++) {
                String uuid = nvml.uuid(i);
                if (scope.includes(i, uuid)) {
                    out.add(nvml.name(i) + " " + uuid);
                }
            }
        } catch (Exception | LinkageError e) {
            // no NVML here: no GPU to name
        }
        return out;
    }

    /** The record with every RAPL channel labelled shared when the node was not the job's alone. */
    static TrialRecord label(TrialRecord r) {
        if (r.node() == null || !Boolean.FALSE.equals(r.node().exclusive())) {
            return r;
        }
        return r.withDevices(r.devices().stream().map(d -> d.provenance() != null
                && d.provenance().includes(org.carbonlab.power.Provenance.MEASURED_RAPL)
                ? new TrialRecord.Device(d.channel(), d.kind(), d.inTotal(), d.energyJ(), d.provenance(), d.coverage(),
                d.note() == null ? SHARED : d.note() + "; " + SHARED) : d).toList());
    }
}
