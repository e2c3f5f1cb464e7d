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

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.carbonlab.experiment.spec.Allocator;
import org.carbonlab.experiment.spec.ExperimentSpec;
import org.carbonlab.experiment.spec.SpecException;
import org.carbonlab.experiment.spec.TrialSettings;

/**
 * Environment variables as workload settings and as a variant dimension ({@code workload.env},
 * {@code env.NAME}), with a fake command that prints its environment.
 */
@org.junit.jupiter.api.Tag("forked")
class EnvStudyTest {

    private static final String FAKE = """
            #!/bin/sh
            echo "env: greeting=$CARBONLAB_GREETING threads=$OMP_NUM_THREADS" >&2
            echo "@carbonlab:mark train-1"
            echo "@carbonlab:mark after-training"
            echo '@carbonlab:result {"model":"fake-net","precision":"fp32","epochs":[{"epoch":1,"trainLoss":0.5,\
            "validationAccuracy":0.8,"seconds":0.25}],"testAccuracy":0.8,"trainExamples":100,"steps":4,\
            "engine":"fake 1.0","metrics":{"omp_threads":'$OMP_NUM_THREADS'}}'
            """;

    @TempDir
    Path tmp;

    private String spec(String extra) throws Exception {
        Path f = Scripts.executable(tmp.resolve("fake-env.sh"), FAKE);
        return "name: env\nworkload:\n  engine: command\n  command: [" + f + ", \"{seed}\"]\n"
                + "  env: {CARBONLAB_GREETING: hello}\n" + extra
                + "repetitions: 1\npower: {sources: [estimate], interval: 50ms}\ncarbon: {intensity: 0.3, pue: 1.5}\n";
    }

    @Test
    void everyTrialRunsWithTheWorkloadsAndItsVariantsEnvironmentAndRecordsIt() throws Exception {
        Path s = tmp.resolve("env.yaml");
        Files.writeString(s, spec("variants:\n  env.OMP_NUM_THREADS: [\"1\", \"2\"]\n"));
        Path dir = EstimateRunner.of(tmp, new ByteArrayOutputStream()).run(s, tmp.resolve("results"));
        List<TrialRecord> trials = RunFiles.readTrials(dir);
        assertEquals(List.of("env.OMP_NUM_THREADS=1", "env.OMP_NUM_THREADS=2"),
                trials.stream().map(TrialRecord::variant).toList());
        for (int i = 0; i < 2; i++) {
            TrialRecord t = trials.get(i);
            assertTrue(t.ok(), t.reason());
            Map<String, String> env = new java.util.HashMap<>(Allocator.DEFAULT.environment(Map.of()));
            env.putAll(Map.of("CARBONLAB_GREETING", "hello", "OMP_NUM_THREADS", Integer.toString(i + 1)));
            assertEquals(env, t.env(), "the allocator's variables, then the spec's");
            assertEquals(i + 1, t.outcome().metrics().get("omp_threads"), 1e-12, "the process saw the variable");
        }
        assertTrue(Files.readString(dir.resolve("logs/t002.log")).contains("env: greeting=hello threads=2"));
        Map<String, Object> workload = RunManifest.read(dir).definition().workload();
        assertEquals("hello", workload.get("env.CARBONLAB_GREETING"), "the resolved spec records the environment");
    }

    @Test
    void aBadVariableNameIsRefusedAtItsPositionAndEnvNeedsNoPlaceholder() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse(new StringReader(
                spec("variants:\n  env.1X: [a, b]\n")), "s.yaml"));
        assertTrue(e.getMessage().startsWith("s.yaml:7:12: '1X' is not an environment variable name"),
                e.getMessage());
        SpecException unknown = assertThrows(SpecException.class, () -> ExperimentSpec.parse(new StringReader(
                "name: x\nvariants:\n  threads: [1, 2]\n"), "s.yaml"));
        assertTrue(unknown.getMessage().contains("env.NAME"), unknown.getMessage());
        // env reaches the process without a placeholder, unlike a workload key
        ExperimentSpec ok = ExperimentSpec.parse(new StringReader(spec("")), "s.yaml");
        assertEquals(Map.of("CARBONLAB_GREETING", "hello"), ok.workload().env());
    }

    @Test
    void theHeaderListsOnlyWhatTheEngineSees() throws Exception {
        // the command names only {seed}: none of DJL's settings reach it, its environment does
        ExperimentSpec command = ExperimentSpec.parse(new StringReader(spec("")), "s.yaml");
        assertEquals(Map.of("engine", "command", "allocator", "glibc-retain", "env.CARBONLAB_GREETING", "hello"),
                command.workload().seenByEngine());
        ExperimentSpec djl = ExperimentSpec.parse(new StringReader(
                "name: x\nworkload: {env: {OMP_NUM_THREADS: \"1\"}}\n"), "s.yaml");
        List<String> keys = new java.util.ArrayList<>(TrialSettings.KEYS);
        keys.add("env.OMP_NUM_THREADS");
        assertEquals(keys, List.copyOf(djl.workload().seenByEngine().keySet()), "a child JVM reads every key");
    }
}
