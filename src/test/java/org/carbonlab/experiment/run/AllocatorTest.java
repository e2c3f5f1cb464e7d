package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.experiment.spec.Allocator;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.SpecException;

/** The allocator of a trial's process: set through its environment, varied as a key, recorded, refused when absent. */
class AllocatorTest {

    /** Reports the glibc threshold and the preload it was started with, as a metric and on stderr. */
    private static final String FAKE = """
            #!/bin/sh
            echo "allocator: mmap=${MALLOC_MMAP_THRESHOLD_:-unset} preload=${LD_PRELOAD:-none}" >&2
            echo "@carbonlab:mark train-1"
            echo '@carbonlab:result {"model":"fake-net","precision":"fp32","epochs":[{"epoch":1,"trainLoss":0.5,\
            "validationAccuracy":0.8,"seconds":0.25}],"testAccuracy":0.8,"trainExamples":100,"steps":4,\
            "engine":"fake 1.0","metrics":{"mmap_threshold":'${MALLOC_MMAP_THRESHOLD_:-0}'}}'
            """;

    @TempDir
    Path tmp;

    private String spec(String extra) throws Exception {
        Path f = Scripts.executable(tmp.resolve("fake-alloc.sh"), FAKE);
        return "name: alloc\nworkload:\n  engine: command\n  command: [" + f + ", \"{seed}\"]\n" + extra
                + "repetitions: 1\npower: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n";
    }

    @Test
    void aStudyVariesTheAllocatorAndEachTrialRecordsWhatItsProcessGot() throws Exception {
        Path s = tmp.resolve("alloc.yaml");
        Files.writeString(s, spec("variants:\n  allocator: [system, glibc-retain]\n"));
        Path dir = EstimateRunner.of(tmp, new ByteArrayOutputStream()).run(s, tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        assertEquals(List.of("allocator=system", "allocator=glibc-retain"), trials.stream().map(TrialRecord::variant)
                .toList());
        assertTrue(trials.get(0).ok() && trials.get(1).ok());
        assertEquals(null, trials.get(0).env(), "system sets nothing");
        assertEquals(Map.of("MALLOC_MMAP_THRESHOLD_", "1073741824", "MALLOC_TRIM_THRESHOLD_", "1073741824",
                "MALLOC_TOP_PAD_", "268435456"), trials.get(1).env());
        assertEquals(1073741824.0, trials.get(1).outcome().metrics().get("mmap_threshold"), "the process saw it");
        String inherited = System.getenv("MALLOC_MMAP_THRESHOLD_");
        assertTrue(Files.readString(dir.resolve("logs/t001.log")).contains("allocator: mmap="
                + (inherited == null ? "unset" : inherited)), "system leaves the environment as it is");
        org.carbonlab.report.study.StudyReport.write(dir);
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("- memory allocator: varied by variant: allocator=system: the process's default;"
                + " allocator=glibc-retain: MALLOC_MMAP_THRESHOLD_=1073741824, MALLOC_TOP_PAD_=268435456,"
                + " MALLOC_TRIM_THRESHOLD_=1073741824\n"), md);
        Map<String, Object> workload = RunManifest.read(dir).definition().workload();
        assertEquals("glibc-retain", workload.get("allocator"), "the resolved spec has the default");
    }

    @Test
    void unknownAllocatorsAndMissingLibrariesAreRefusedBeforeAnythingRuns() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse(new StringReader(
                spec("variants:\n  allocator: [system, hoard]\n")), "s.yaml"));
        assertTrue(e.getMessage().startsWith("s.yaml:6:23: allocator 'hoard' is not known; valid: [system,"
                + " glibc-retain, tcmalloc, jemalloc]"), e.getMessage());
        org.carbonlab.util.UserException missing = assertThrows(org.carbonlab.util.UserException.class,
                () -> Allocator.TCMALLOC.environment(Map.of(), List.of(tmp)));
        assertEquals("allocator tcmalloc needs libtcmalloc_minimal.so.4, not found in [" + tmp + "]: apt-get install"
                + " libtcmalloc-minimal4, or use allocator: glibc-retain", missing.getMessage());
        Path lib = Files.createFile(tmp.resolve("libjemalloc.so.2"));
        assertEquals(Map.of("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1", "LD_PRELOAD", "/opt/x.so:" + lib),
                Allocator.JEMALLOC.environment(Map.of("LD_PRELOAD", "/opt/x.so"), List.of(tmp)),
                "preloaded after what the environment already preloads");
    }

    @Test
    void theLaunchersDefaultForTrainAndBenchIsTheSpecDefault() throws Exception {
        String launcher = Files.readString(Path.of("carbonlab"));
        Matcher m = Pattern.compile("export (MALLOC_[A-Z_]+)=([0-9]+)").matcher(launcher);
        Map<String, String> exported = new java.util.TreeMap<>();
        while (m.find()) {
            exported.put(m.group(1), m.group(2));
        }
        assertEquals(new java.util.TreeMap<>(Allocator.DEFAULT.environment(Map.of())), exported);
    }
}
