package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.carbonlab.power.Provenance;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study whose power source is a hypervisor-side exporter's energy tree ({@code power.sources: [host:PATH]}), end
 * to end on a fake exporter that counts 25 W into {@code intel-rapl:0/energy_uj} as Scaphandre's QEMU exporter would:
 * every trial's energy is {@code measured:host-exporter} and is what the exporter counted over its window.
 */
@org.junit.jupiter.api.Tag("forked")
class HostExporterStudyTest {

    private static final String FAKE = """
            #!/bin/sh
            echo "@carbonlab:mark train-1"
            sleep 0.4
            echo '@carbonlab:result {"model":"fake-net","parameters":10,"precision":"fp32","epochs":[{"epoch":1,\
            "trainLoss":0.5,"validationAccuracy":0.8,"seconds":0.4}],"testAccuracy":0.8,"stoppedEarly":false,\
            "targetEpoch":null,"trainExamples":100,"steps":4,"skippedSteps":null,"finalLossScale":null,\
            "weightTypes":["float32"],"inferenceSeconds":0.0,"distilled":false,"threads":1,"djl":null,\
            "engine":"fake 1.0","data":"none","metrics":{},"details":{}}'
            """;
    private static final double WATTS = 25;

    @TempDir
    Path tmp;

    @Test
    void aStudyOnAFakeExporterRecordsMeasuredHostExporterEnergies() throws Exception {
        Path script = Scripts.executable(tmp.resolve("fake.sh"), FAKE);
        Path tree = Files.createDirectories(tmp.resolve("scaphandre/intel-rapl:0"));
        Path counter = tree.resolve("energy_uj");
        Files.writeString(counter, "0\n");
        Path spec = tmp.resolve("host.yaml");
        Files.writeString(spec, "name: host\nworkload:\n  engine: command\n"
                + "  command: [" + script + ", \"{learning-rate}\"]\n"
                + "variants:\n  learning-rate: [0.001, 0.002]\nrepetitions: 2\n"
                + "power: {sources: [\"host:" + tree.getParent() + "\"], interval: 20ms}\n"
                + "carbon: {intensity: 0.3, pue: 1.5}\n");
        long t0 = System.nanoTime();
        Thread exporter = new Thread(() -> { // 25 W since t0, rewritten every 10 ms as the host's exporter would
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Path next = tree.resolve("energy_uj.tmp");
                    Files.writeString(next, (long) (WATTS * (System.nanoTime() - t0) / 1e3) + "\n");
                    Files.move(next, counter, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        exporter.start();
        Path dir;
        try {
            dir = EstimateRunner.of(tmp, new ByteArrayOutputStream()).run(spec, tmp.resolve("results"));
        } finally {
            exporter.interrupt();
            exporter.join();
        }
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        assertEquals(4, trials.size());
        for (TrialRecord t : trials) {
            assertTrue(t.ok(), t.status() + ": " + t.reason());
            assertTrue(t.provenance().includes(Provenance.MEASURED_HOST_EXPORTER) && !t.provenance().includes(
                    Provenance.ESTIMATED_SPECPOWER), t.provenance().label());
            assertEquals("host:intel-rapl:0", t.devices().get(0).channel());
            // what the exporter counted over the trial's window: 25 W x its seconds, within the 10 ms rewrites
            assertEquals(WATTS * t.wallSeconds(), t.energyJ(), WATTS * 0.1 + 0.05 * WATTS * t.wallSeconds(),
                    "trial " + t.id() + ": " + t.energyJ() + " J in " + t.wallSeconds() + " s");
            assertTrue(t.energyBand() == null, "a measurement carries no model band");
        }
        org.carbonlab.report.study.StudyReport.write(dir);
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("measured:host-exporter"),
                "the summary labels the figures");
    }
}
