package org.carbonlab.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.carbon.CarbonIntensity;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.IdleBaseline;
import org.carbonlab.power.SourceStatus;

/**
 * {@code manifest.json}: everything another lab needs to reproduce a run and to judge its numbers: the resolved
 * spec and plan, seeds, the git commit the code was built from (and whether its tree was dirty), JVM, DJL and engine, threads, CPU, GPU,
 * memory, OS and kernel, each power source's status and provenance, the idle baseline, and the carbon settings
 * with the intensity table's version.
 */
public final class Manifest {

    /** The file name. */
    public static final String FILE = "manifest.json";

    private Manifest() {
    }

    /**
     * Builds the manifest of a run that is about to start ({@code startAt}: the carbon-aware start it waited for;
     * {@code roofline}: this machine's, for MFU).
     */
    static ObjectNode build(String runId, String specFile, Plan plan, List<SourceStatus> sources,
                            Optional<IdleBaseline> idle, CarbonIntensity intensity, List<String> carbonNotes,
                            String tableVersion, Optional<java.time.Instant> startAt,
                            Optional<org.carbonlab.kernel.Roofline> roofline) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "carbonlab-run-v1");
        root.put("study", plan.spec().name());
        root.put("run_id", runId);
        root.put("spec_file", specFile);
        root.set("spec", Json.MAPPER.valueToTree(plan.spec().resolved()));
        ArrayNode trials = root.putArray("plan");
        for (Plan.Trial t : plan.trials()) {
            ObjectNode o = trials.addObject();
            o.put("trial", t.index());
            o.put("id", t.id());
            o.put("variant", t.variant().name());
            o.put("repetition", t.repetition());
            o.put("seed", t.seed());
        }
        ObjectNode git = root.putObject("git"); // what the running classes were built from
        git.put("commit", BuildInfo.get("git.commit.id"));
        if (!BuildInfo.get("git.dirty").equals("unknown")) {
            git.put("dirty", Boolean.parseBoolean(BuildInfo.get("git.dirty")));
        }
        ObjectNode sw = root.putObject("software");
        sw.put("carbonlab", BuildInfo.get("carbonlab.version"));
        sw.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ")");
        sw.put("djl", BuildInfo.get("djl.version"));
        boolean commandsOnly = plan.variantList().stream()
                .allMatch(v -> v.settings().engine() == org.carbonlab.engine.Framework.COMMAND);
        sw.put("engine", commandsOnly ? "training commands (engine: command), each trial a fresh process tree; the"
                + " framework and version each trial used are in trials.jsonl (outcome.engine, outcome.details)"
                : "PyTorch " + BuildInfo.get("pytorch.version") + " (" + BuildInfo.get("pytorch.flavor")
                + "), each trial in a fresh child JVM; the engine each trial loaded is in trials.jsonl");
        sw.put("intra_op_threads", Integer.getInteger("ai.djl.pytorch.num_threads",
                Runtime.getRuntime().availableProcessors()));
        ObjectNode hw = root.putObject("hardware");
        hw.put("cpu", CpuCatalog.reportedModel(Path.of("/proc/cpuinfo")).orElse("unknown"));
        hw.put("cpu_simd", CpuCatalog.simd(CpuCatalog.flags(Path.of("/proc/cpuinfo"))));
        hw.put("logical_cpus", Runtime.getRuntime().availableProcessors());
        hw.put("memory_gib", memoryGib());
        hw.put("gpu", sources.stream().filter(s -> s.source().startsWith("nvml") && s.available())
                .map(SourceStatus::detail).findFirst().orElse("none found by NVML"));
        hw.put("os", System.getProperty("os.name") + ", kernel " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch"));
        root.set("power_sources", Json.MAPPER.valueToTree(sources)); // source, available, detail, notes
        ObjectNode idleNode = root.putObject("idle_baseline");
        if (idle.isPresent()) {
            idleNode.put("seconds", idle.get().window().durationSeconds());
            ObjectNode watts = idleNode.putObject("power_w");
            idle.get().window().devices().forEach(d -> {
                double w = d.meanPower().watts();
                if (Double.isFinite(w)) {
                    watts.put(d.channel().id(), w);
                } else {
                    watts.putNull(d.channel().id());
                }
            });
        } else {
            idleNode.put("seconds", 0);
        }
        ObjectNode carbon = root.putObject("carbon");
        carbon.put("intensity_g_per_kwh", intensity.gramsPerKwh());
        carbon.put("zone", intensity.zone());
        carbon.put("year", intensity.year());
        carbon.put("provenance", intensity.provenance());
        carbon.put("pue", plan.spec().pue().value());
        carbon.put("pue_source", plan.spec().pue().source());
        carbon.put("table_version", tableVersion);
        ArrayNode notes = carbon.putArray("notes");
        carbonNotes.forEach(notes::add);
        carbon.put("carbon_aware", startAt.isPresent()); // started at a time chosen for low intensity
        startAt.ifPresent(at -> carbon.put("planned_start_utc", at.toString()));
        // the machine's measured roofline (carbonlab report --roofline), the denominator of the trials' MFU
        roofline.ifPresent(r -> root.set("roofline", Json.MAPPER.valueToTree(r)));
        return root;
    }

    /** Writes {@code manifest} into {@code dir}. */
    static void write(ObjectNode manifest, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest) + "\n");
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

    /** Reads the manifest of {@code runDir}. */
    public static Map<String, Object> read(Path runDir) throws IOException {
        return Json.MAPPER.readValue(runDir.resolve(FILE).toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }
}
