package org.carbonlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The typed trial contract: statuses written as before, the engine recorded, older runs read as they were. */
class TrialContractTest {

    private static TrialOutcome.Builder outcome() {
        return TrialOutcome.builder().model("cnn").parameters(421_642).precision("fp32")
                .epochs(List.of(new TrialOutcome.Epoch(1, 0.5, 0.8, 2))).testAccuracy(0.8).trainExamples(1000)
                .steps(8).weightTypes(List.of("float32")).inferenceSeconds(1).threads(2);
    }

    @Test
    void aStatusIsWrittenAndReadAsItsSpelling() throws Exception {
        for (TrialStatus s : TrialStatus.values()) {
            String json = Json.MAPPER.writeValueAsString(s);
            assertEquals('"' + s.id() + '"', json);
            assertEquals(s, Json.MAPPER.readValue(json, TrialStatus.class));
        }
        assertEquals(List.of("ok", "failed", "timed-out", "interrupted", "warmup"),
                List.of(TrialStatus.values()).stream().map(TrialStatus::id).toList());
        assertTrue(assertThrows(Exception.class, () -> Json.MAPPER.readValue("\"done\"", TrialStatus.class))
                .getMessage().contains("done"));
    }

    @Test
    void theEngineIsRecordedAndOlderOutcomesAreReadAsTheyWereWritten() throws Exception {
        assertEquals("nd4j", outcome().djl("0.36.0").engineId("nd4j").build().trainedBy(), "recorded wins");
        // before the engine id was recorded: ND4J named itself, only DJL trials reported a DJL version
        assertEquals("djl", outcome().djl("0.36.0").engine("PyTorch 2.7.1").build().trainedBy());
        assertEquals("nd4j", outcome().engine("ND4J 1.0.0-M2.1 SameDiff (native build -onednn-avx2)").build()
                .trainedBy());
        assertEquals("command", outcome().engine("torch 1.13.0").build().trainedBy());
        TrialOutcome o = outcome().djl("0.36.0").engine("PyTorch 2.7.1").engineId("djl").build();
        String json = Json.MAPPER.writeValueAsString(o);
        assertTrue(json.endsWith(",\"engineId\":\"djl\"}"), json);
        assertEquals(o, Json.MAPPER.readValue(json, TrialOutcome.class));
        String older = Json.MAPPER.writeValueAsString(outcome().djl("0.36.0").build());
        assertTrue(!older.contains("engineId"), "no engine id field where none was recorded: " + older);
    }

    @Test
    void aRecordChangedThroughItsBuilderKeepsEveryOtherField() {
        TrialRecord r = TrialRecord.builder().trial(3).id("t003").variant("precision=fp32").repetition(2).seed(2)
                .status(TrialStatus.OK).startedUtc("2026-12-04T00:00:00Z").wallSeconds(9.5).exitCode(0).energyJ(100.0)
                .provenance(org.carbonlab.power.ProvenanceSet.parse("estimated:tdp-model")).devices(List.of()).trainingEnergyJ(80.0).epochEnergyJ(List.of(80.0))
                .inferenceEnergyJ(10.0).outcome(outcome().build()).build();
        NodeInfo node = new NodeInfo("n1", null, null, null, null, null, "7", "3", null, null, null);
        TrialRecord moved = r.withNode(node);
        assertEquals(node, moved.node());
        assertEquals(r, moved.withNode(null));
        assertEquals(r, r.toBuilder().build());
    }

    @Test
    void aProvenanceIsATypedSetWrittenAsItsLabel() throws Exception {
        for (String label : List.of("estimated:tdp-model", "measured:rapl+estimated:tdp-model", "none", "replayed")) {
            org.carbonlab.power.ProvenanceSet p = org.carbonlab.power.ProvenanceSet.parse(label);
            assertEquals(label, p.label());
            assertEquals('"' + label + '"', Json.MAPPER.writeValueAsString(p));
            assertEquals(p, Json.MAPPER.readValue('"' + label + '"', org.carbonlab.power.ProvenanceSet.class));
        }
        org.carbonlab.power.ProvenanceSet mix = org.carbonlab.power.ProvenanceSet.union(List.of(
                org.carbonlab.power.ProvenanceSet.of(org.carbonlab.power.Provenance.MEASURED_RAPL),
                org.carbonlab.power.ProvenanceSet.NONE,
                org.carbonlab.power.ProvenanceSet.of(org.carbonlab.power.Provenance.MEASURED_RAPL),
                org.carbonlab.power.ProvenanceSet.of(org.carbonlab.power.Provenance.ESTIMATED_TDP_MODEL)));
        assertEquals("measured:rapl+estimated:tdp-model", mix.label(), "each method once, in order");
        assertTrue(mix.anyMeasured() && mix.includes(org.carbonlab.power.Provenance.MEASURED_RAPL));
        assertTrue(!org.carbonlab.power.ProvenanceSet.NONE.isKnown());
        assertTrue(assertThrows(org.carbonlab.util.UserException.class, () -> org.carbonlab.power.ProvenanceSet.parse(
                "measured:psu")).getMessage().startsWith("unknown provenance 'measured:psu'; valid: "));
    }
}
