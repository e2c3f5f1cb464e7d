package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.power.FakeSource;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Sampler;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.report.study.StudyReport;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power source that stops answering halfway through a trial: the trial keeps the energy of the part its samples
 * cover, says its coverage is below 100 % and why, and the study goes on. The failing source is a replay of a
 * 0.4 s trace under trials of about 1.5 s (a replayed source fails every read past the trace's end).
 */
@org.junit.jupiter.api.Tag("forked")
class FaultInjectionTest {

    @TempDir
    Path tmp;

    @Test
    void aSourceThatFailsHalfwayLeavesPartialCoverageWithItsReasonAndTheStudyGoesOn() throws Exception {
        Path trace = tmp.resolve("short.csv");
        try (Sampler s = new Sampler(List.of(new FakeSource("fake").power("cpu", t -> 20.0)),
                Duration.ofMillis(50))) {
            s.addListener(PowerTrace.writer(trace, s.wallClockOrigin()));
            s.start();
            Thread.sleep(400);
        }
        Path cmd = tmp.resolve("train.sh");
        Files.writeString(cmd, "#!/bin/sh\necho '@carbonlab:mark train-1'\nsleep 1.5\necho '@carbonlab:mark"
                + " validate-1'\necho '@carbonlab:result {\"model\":\"m\",\"parameters\":1,\"precision\":\"fp32\","
                + "\"epochs\":[{\"epoch\":1,\"trainLoss\":0.5,\"validationAccuracy\":0.8,\"seconds\":1.5}],"
                + "\"testAccuracy\":0.8,\"stoppedEarly\":false,\"targetEpoch\":null,\"trainExamples\":10,\"steps\":1,"
                + "\"skippedSteps\":null,\"finalLossScale\":null,\"weightTypes\":[],\"inferenceSeconds\":0.1,"
                + "\"distilled\":false,\"threads\":1,\"djl\":null,\"engine\":\"sh\",\"data\":\"none\"}'\n");
        cmd.toFile().setExecutable(true);
        Path spec = tmp.resolve("fault.yaml");
        Files.writeString(spec, "name: fault\nworkload:\n  engine: command\n  command: [" + cmd + "]\n"
                + "repetitions: 2\npower: {sources: ['replay:" + trace + "'], interval: 50ms}\n"
                + "carbon: {intensity: 0.3, pue: 1.5}\n");
        IntensityTable table = IntensityTable.load();
        Runner runner = new Runner(new Runner.Options(PowerSources.Options.of(tmp.resolve("none"), 12, 0.3725, false),
                table, new IntensityResolver(table, Optional.empty()), new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8), false, List.of(), p -> { }, Optional.empty(), Optional.empty()));
        Path dir = runner.run(spec, tmp.resolve("results"));

        List<TrialRecord> records = RunFiles.readTrials(dir);
        assertEquals(2, records.size(), "the study went on past the failing source");
        for (TrialRecord r : records) {
            assertTrue(r.ok(), r.toString());
            TrialRecord.Device d = r.devices().get(0);
            assertTrue(d.coverage() > 0.05 && d.coverage() < 0.8, "coverage " + d.coverage());
            assertNotNull(d.note(), "the reason is kept");
            assertTrue(d.note().contains("trace"), d.note());
        }
        StudyReport.write(dir);
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("2 planned, 2 ok"));
    }
}
