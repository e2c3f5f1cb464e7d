package org.carbonlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results reader on runs older and newer than this version, and on files that are not runs. */
class RunManifestTest {

    /** Written on 2026-11-28, before the workload keys engine and device and the manifest's cpu_simd existed. */
    private static final Path OLD_RUN = Path.of("results/quickstart/20261128T034516Z");

    @Test
    void anOlderRunReadsWithTheValuesItUsed() throws IOException {
        RunManifest m = RunManifest.read(OLD_RUN);
        assertEquals("quickstart", m.study());
        assertFalse(m.definition().workload().containsKey("engine"), "the spec as written");
        assertEquals("djl", m.definition().comparableWorkload().get("engine"));
        assertEquals("cpu", m.definition().comparableWorkload().get("device"));
        assertEquals("cnn", m.definition().workload().get("model"));
        assertNull(m.hardware().cpuSimd());
        assertTrue(m.machineRoofline().isEmpty());
        assertEquals(m.plan().size(), RunFiles.lastPerTrial(RunFiles.readTrials(OLD_RUN)).size());
    }

    @Test
    void theStudyDefinitionIsWrittenAsTheResolvedSpecItWasReadFrom(@TempDir Path dir) throws IOException {
        RunManifest m = RunManifest.read(OLD_RUN);
        m.write(dir);
        com.fasterxml.jackson.databind.JsonNode before = Json.MAPPER.readTree(OLD_RUN.resolve(RunManifest.FILE)
                .toFile()).get("spec");
        com.fasterxml.jackson.databind.JsonNode after = Json.MAPPER.readTree(dir.resolve(RunManifest.FILE).toFile())
                .get("spec");
        assertTrue(after.isObject() && after.equals(before), "spec stays the object it was: " + after);
        assertEquals("precision=fp32", RunManifest.read(dir).definition().baseline());
    }

    @Test
    void aNewerRunsUnknownMembersAreSkippedAndWhatIsNotARunIsRefused(@TempDir Path dir) throws IOException {
        Path newer = Files.createDirectories(dir.resolve("newer"));
        String text = Files.readString(OLD_RUN.resolve(RunManifest.FILE));
        Files.writeString(newer.resolve(RunManifest.FILE), text.replaceFirst("\\{", "{\"kubernetes\": {\"job\": 7},"));
        assertEquals("quickstart", RunManifest.read(newer).study());

        org.carbonlab.util.UserException none = assertThrows(org.carbonlab.util.UserException.class,
                () -> RunManifest.read(Files.createDirectories(dir.resolve("empty"))));
        assertTrue(none.getMessage().endsWith("is not a run directory: it has no manifest.json"), none.getMessage());

        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve(RunManifest.FILE), "{\"study\": [1, 2]}");
        IOException e = assertThrows(IOException.class, () -> RunManifest.read(bad));
        assertTrue(e.getMessage().contains("is not a carbonlab manifest"), e.getMessage());
    }
}
