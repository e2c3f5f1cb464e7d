package org.carbonlab.experiment.run;

import org.carbonlab.results.Json;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.report.study.StudyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.carbonlab.kernel.Roofline;
import org.carbonlab.workload.Architecture;

/** End to end: a tiny study in real child JVMs, a trial's JVM killed mid-run, resume, regenerated reports. */
@org.junit.jupiter.api.Tag("forked")
class RunnerTest {

    private static final String SPEC = """
            name: tiny
            description: two learning rates of cnn-small on 256 bundled images
            workload: {model: cnn-small, epochs: 1, train-examples: 256, batch-size: 64}
            variants:
              learning-rate: [0.001, 0.002]
            repetitions: 2
            power: {sources: [estimate], interval: 50ms}
            carbon: {intensity: 0.3, pue: 1.5}
            """;

    /** CodeCarbon's emissions.csv header (EmissionsData, 3.x), written out here independently of our constant. */
    private static final String CODECARBON_HEADER = "timestamp,project_name,run_id,experiment_id,duration,emissions,"
            + "emissions_rate,cpu_utilization_percent,ram_utilization_percent,ram_used_gb,cpu_power,gpu_power,"
            + "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,"
            + "country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,"
            + "cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue,wue";

    @TempDir
    Path tmp;

    private Runner runner(ByteArrayOutputStream log, Consumer<ProcessHandle> onStart) {
        return runner(log, onStart, Optional.empty());
    }

    private Runner runner(ByteArrayOutputStream log, Consumer<ProcessHandle> onStart, Optional<Roofline> roofline) {
        IntensityTable table = IntensityTable.load();
        PowerSources.Options o = PowerSources.Options.of(tmp.resolve("no-powercap"), 12, 0.3725, false);
        return new Runner(new Runner.Options(o, table, new IntensityResolver(table, Optional.empty()),
                new PrintStream(log, true, StandardCharsets.UTF_8), false, List.of("-Xmx1g"), onStart,
                Optional.empty(), roofline));
    }

    /** Runs {@code spec}, killing the second trial's JVM while it loads and trains. */
    private Path run(Path spec, ByteArrayOutputStream log, List<Integer> started) throws Exception {
        return runner(log, h -> {
            started.add(started.size() + 1);
            if (started.size() == 2) {
                new Thread(() -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    h.destroyForcibly();
                }).start();
            }
        }).run(spec, tmp.resolve("results"));
    }

    @Test
    void runsTrialsInChildJvmsRecordsAKilledOneAndResumesIt() throws Exception {
        Path spec = tmp.resolve("tiny.yaml");
        Files.writeString(spec, SPEC);
        List<Integer> started = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // the launcher names its class-data archive; the trials' JVMs get it (a JVM ignores one it cannot map)
        Path archive = Files.writeString(tmp.resolve("carbonlab.jsa"), "not an archive");
        System.setProperty(TrialLaunch.CDS_ARCHIVE, archive.toString());
        Path dir;
        try {
            dir = run(spec, log, started);
        } finally {
            System.clearProperty(TrialLaunch.CDS_ARCHIVE);
        }
        StudyReport.write(dir);
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xmx1g", "-Dai.djl.offline=true"), // + the test's option
                RunManifest.read(dir).software().trialJvmOptions());

        assertEquals(tmp.resolve("results").resolve("tiny"), dir.getParent());
        List<TrialRecord> lines = RunFiles.readTrials(dir);
        assertEquals(List.of("t001", "t002", "t003", "t004"), lines.stream().map(TrialRecord::id).toList());
        assertEquals(List.of("learning-rate=0.001", "learning-rate=0.002", "learning-rate=0.002",
                "learning-rate=0.001"), lines.stream().map(TrialRecord::variant).toList(), "counterbalanced: A B, B A");
        TrialRecord killed = lines.get(1);
        assertEquals(org.carbonlab.results.TrialStatus.FAILED, killed.status());
        assertEquals("the trial's JVM was killed by signal 9", killed.reason());
        assertNull(killed.outcome());
        for (TrialRecord r : List.of(lines.get(0), lines.get(2), lines.get(3))) {
            assertTrue(r.ok(), r.toString());
            assertEquals("estimated:tdp-model", r.provenance().label());
            assertTrue(r.energyJ() > 0 && r.trainingEnergyJ() > 0 && r.trainingEnergyJ() < r.energyJ(), r.toString());
            assertEquals(1, r.epochEnergyJ().size());
            assertTrue(r.inferenceEnergyJ() > 0);
            assertEquals(256, r.outcome().trainExamples());
            assertEquals(4, r.outcome().steps());
            assertEquals("cnn-small", r.outcome().model());
            assertEquals(26_698, r.outcome().parameters());
            assertTrue(Files.size(dir.resolve("power").resolve(r.id() + ".csv")) > 0);
        }
        assertEquals(lines.get(0).seed(), lines.get(1).seed()); // paired seeds within a repetition
        assertEquals(lines.get(0).seed() + 1, lines.get(2).seed());
        String progress = log.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("[2/4] t002 learning-rate=0.002, repetition 1, seed 1 ..."), progress);

        RunManifest manifest = RunManifest.read(dir);
        assertEquals("tiny", manifest.study());
        assertEquals(4, manifest.plan().size());
        assertTrue(manifest.git().commit().length() > 0);
        assertEquals(300.0, manifest.carbon().intensityGPerKwh());
        // the manifest as written is what the typed reader reads back: every member, nothing dropped
        assertEquals(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(dir.resolve(RunManifest.FILE).toFile())),
                Json.MAPPER.writeValueAsString(manifest));

        // emissions.csv: CodeCarbon's header exactly, one row per finished trial, kWh and kg
        List<String> em = Files.readAllLines(dir.resolve("emissions.csv"));
        assertEquals(CODECARBON_HEADER, em.get(0));
        assertEquals(4, em.size());
        List<String> row = org.carbonlab.util.Csv.split(em.get(1));
        assertEquals(37, row.size());
        double kwh = Double.parseDouble(row.get(16));
        assertEquals(lines.get(0).energyJ() / 3.6e6, kwh, 1e-15);
        assertEquals(kwh * 1.5 * 0.3, Double.parseDouble(row.get(5)), 1e-15); // kg = kWh x PUE x kg/kWh
        String md = Files.readString(dir.resolve("summary.md"));
        // what measuring cost: in every ok trial's record and, summed, in the summary
        assertTrue(lines.stream().filter(TrialRecord::ok).allMatch(r -> r.meter() != null
                && r.meter().cpuSeconds() >= 0 && r.meter().energyJ() == r.meter().cpuSeconds() * 12), lines.toString());
        assertTrue(md.contains("- the meter's own cost: "), md);
        // the start-up (child JVM start to train-1) is its own segment: seconds and energy inside the trial's
        for (TrialRecord r : lines.stream().filter(TrialRecord::ok).toList()) {
            assertTrue(r.startup() != null && r.startup().seconds() > 0 && r.startup().seconds() < r.wallSeconds()
                    && r.startup().energyJ() > 0 && r.startup().energyJ() < r.energyJ()
                    && r.startup().energyJ() + r.trainingEnergyJ() <= r.energyJ(), r.toString());
        }
        assertTrue(md.contains("- start-up (process start to the first training step") && md.contains(
                "| start-up time (to the first training step) (s) | start-up energy (J) |"), md);
        assertTrue(md.contains("4 planned, 3 ok, 1 failed, 0 interrupted, 0 not run"), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<table>") && html.contains("<img src=\"charts/energy.png\"") && !html.contains("<script"), html);
        assertTrue(Files.isRegularFile(dir.resolve("charts/energy.png")), "the page shows the chart files beside it");
        assertTrue(Files.isRegularFile(dir.resolve("charts/energy.svg")), "each chart is written as SVG too");

        // regeneration from the raw files is byte-identical
        List<String> files = List.of("summary.md", "summary.csv", "summary.json", "emissions.csv", "report.html",
                "charts/energy.png", "charts/energy.svg", "charts/accuracy-energy.png", "charts/accuracy-energy.svg",
                "charts/power-trace-1.png", "charts/power-trace-1.svg", "charts/power-trace-2.svg");
        List<byte[]> before = new ArrayList<>();
        for (String f : files) {
            before.add(Files.readAllBytes(dir.resolve(f)));
            Files.delete(dir.resolve(f));
        }
        StudyReport.write(dir);
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(dir.resolve(files.get(i))), files.get(i));
        }

        // resume runs exactly the failed trial again
        runner(new ByteArrayOutputStream(), h -> { }).resume(dir);
        StudyReport.write(dir);
        List<TrialRecord> after = RunFiles.readTrials(dir);
        assertEquals(5, after.size());
        assertEquals("t002", after.get(4).id());
        assertTrue(after.get(4).ok(), after.get(4).toString());
        assertTrue(RunFiles.lastPerTrial(after).values().stream().allMatch(TrialRecord::ok));
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("4 planned, 4 ok, 0 failed"));
        assertTrue(Files.readString(dir.resolve("summary.csv")).contains("learning-rate=0.002,energy_per_trial,J,2,"));

        // a crash while a line was being written leaves a partial last line: it is ignored, the rest is kept
        Files.writeString(dir.resolve(RunFiles.TRIALS), "{\"trial\":6,\"id\":\"t0", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(5, RunFiles.readTrials(dir).size());
        assertThrows(org.carbonlab.util.UserException.class, () -> runner(new ByteArrayOutputStream(), h -> { })
                .resume(tmp));
    }

    @Test
    void djlAndNd4jTrialsRunSideBySideAndTheReportGivesTheirMfu() throws Exception {
        Path spec = tmp.resolve("engines.yaml");
        Files.writeString(spec, """
                name: engines
                workload: {model: cnn-small, epochs: 1, train-examples: 256, batch-size: 64}
                variants:
                  engine: [djl, nd4j]
                baseline: engine=djl
                repetitions: 1
                power: {sources: [estimate], interval: 50ms}
                carbon: {intensity: 0.3, pue: 1.5}
                """);
        Roofline roofline = new Roofline("test machine", "by hand", Map.of(
                "djl/fp32", new Roofline.Peak(40, "conv-128x32x14x14-64k3p1", 0.5),
                "nd4j-onednn/fp32", new Roofline.Peak(50, "conv-128x32x14x14-64k3p1", 0.4)));
        Path dir = runner(new ByteArrayOutputStream(), h -> { }, Optional.of(roofline))
                .run(spec, tmp.resolve("results"));
        StudyReport.write(dir);
        List<TrialRecord> lines = RunFiles.readTrials(dir);
        assertEquals(2, lines.size());
        assertTrue(lines.stream().allMatch(TrialRecord::ok), lines.toString());
        assertTrue(lines.get(0).outcome().engine().startsWith("PyTorch"), lines.get(0).outcome().engine());
        assertTrue(lines.get(1).outcome().engine().startsWith("ND4J 1.0.0-M2.1 SameDiff (native build -onednn-"),
                lines.get(1).outcome().engine());
        for (TrialRecord r : lines) {
            assertEquals(26_698, r.outcome().parameters());
            assertEquals(4, r.outcome().steps());
            assertTrue(r.trainingEnergyJ() > 0 && r.inferenceEnergyJ() > 0, r.toString());
        }
        assertEquals(50.0, RunManifest.read(dir).machineRoofline().orElseThrow().peak("nd4j-onednn/fp32")
                .orElseThrow().gflops());
        // MFU = achieved GFLOP/s (training FLOPs over the epoch's time) / the engine's fp32 peak
        for (TrialRecord r : lines) {
            double achieved = Architecture.CNN_SMALL.trainingFlops() * 256 / r.outcome().epochs().get(0).seconds()
                    / 1e9;
            String variant = r.variant();
            double peak = variant.equals("engine=djl") ? 40 : 50;
            String csv = Files.readString(dir.resolve("summary.csv"));
            String line = csv.lines().filter(l -> l.startsWith(variant + ",mfu,")).findFirst().orElseThrow(
                    () -> new AssertionError("no mfu row for " + variant + " in\n" + csv));
            assertEquals(achieved / peak, Double.parseDouble(org.carbonlab.util.Csv.split(line).get(4)), 1e-9, line);
        }
    }

    @Test
    void aSourceThatCannotReadStopsTheRunBeforeAnythingIsWritten() throws Exception {
        Path spec = tmp.resolve("rapl.yaml");
        Files.writeString(spec, SPEC.replace("sources: [estimate]", "sources: [rapl]"));
        org.carbonlab.power.PowerException e = assertThrows(org.carbonlab.power.PowerException.class,
                () -> runner(new ByteArrayOutputStream(), h -> { }).run(spec, tmp.resolve("results")));
        assertTrue(e.getMessage().startsWith("power source 'rapl' cannot read: "), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("results")));
    }
}
