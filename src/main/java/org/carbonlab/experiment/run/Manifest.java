package org.carbonlab.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.carbon.CarbonIntensity;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.IdleBaseline;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.results.Json;
import org.carbonlab.results.RunManifest;
import org.carbonlab.experiment.spec.Plan;

/** Builds the {@link RunManifest} of a run that is about to start, from its plan and this machine. */
final class Manifest {

    private Manifest() {
    }

    /**
     * The manifest of a run that is about to start ({@code startAt}: the carbon-aware start it waited for;
     * {@code roofline}: this machine's, for MFU).
     */
    static RunManifest build(String runId, String specFile, Plan plan, List<SourceStatus> sources,
                             Optional<IdleBaseline> idle, CarbonIntensity intensity, List<String> carbonNotes,
                             String tableVersion, Optional<java.time.Instant> startAt,
                             Optional<org.carbonlab.kernel.Roofline> roofline, List<String> trialJvmOptions) {
        List<RunManifest.PlannedTrial> trials = plan.trials().stream().map(t -> new RunManifest.PlannedTrial(
                t.index(), t.id(), t.variant().name(), t.repetition(), t.seed())).toList();
        String dirty = org.carbonlab.util.BuildInfo.get("git.dirty");
        RunManifest.Git git = new RunManifest.Git(org.carbonlab.util.BuildInfo.get("git.commit.id"),
                dirty.equals("unknown") ? null : Boolean.parseBoolean(dirty));
        List<org.carbonlab.engine.Engine> engines = plan.variantList().stream().map(v -> v.settings().engine())
                .distinct().toList();
        boolean childJvms = engines.stream().anyMatch(e -> e instanceof org.carbonlab.engine.JvmEngine);
        RunManifest.Software sw = new RunManifest.Software(org.carbonlab.util.BuildInfo.get("carbonlab.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vendor") + ")", org.carbonlab.util.BuildInfo.get("djl.version"),
                String.join("; ", engines.stream().map(org.carbonlab.engine.Engine::description).toList()),
                Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
                childJvms ? trialJvmOptions : null);
        double memory = memoryGib();
        RunManifest.Hardware hw = new RunManifest.Hardware(
                CpuCatalog.reportedModel(Path.of("/proc/cpuinfo")).orElse("unknown"),
                CpuCatalog.simd(CpuCatalog.flags(Path.of("/proc/cpuinfo"))), Runtime.getRuntime().availableProcessors(),
                Json.known(memory),
                sources.stream().filter(s -> s.source().startsWith("nvml") && s.available())
                        .map(SourceStatus::detail).findFirst().orElse("none found by NVML"),
                System.getProperty("os.name") + ", kernel " + System.getProperty("os.version") + ", "
                        + System.getProperty("os.arch"), org.carbonlab.hardware.CpuIdentity.ofThisMachine().describe());
        RunManifest.Idle idleBaseline = idle.map(b -> {
            Map<String, Double> watts = new LinkedHashMap<>();
            b.window().devices().forEach(d -> {
                double w = d.meanPower().watts();
                watts.put(d.channel().id(), Json.known(w));
            });
            return new RunManifest.Idle(b.window().durationSeconds(), watts);
        }).orElse(new RunManifest.Idle(0, null));
        RunManifest.Carbon carbon = new RunManifest.Carbon(intensity.gramsPerKwh(), intensity.zone(),
                intensity.year(), intensity.provenance(), plan.spec().pue().value(), plan.spec().pue().source(),
                tableVersion, List.copyOf(carbonNotes), startAt.isPresent(), startAt.map(Object::toString).orElse(null));
        return new RunManifest(RunManifest.FORMAT, plan.spec().name(), runId, specFile,
                plan.spec().resolved(), trials, git, sw, hw,
                sources, idleBaseline, carbon, roofline.orElse(null), null);
    }

    private static double memoryGib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported as unknown
        }
        return Double.NaN;
    }
}
