package org.carbonlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The typed trial contract: statuses written as before, the engine recorded, older runs read as they were. */
class TrialContractTest {

    private static TrialOutcome outcome(String djl, String engine, String engineId) {
        return new TrialOutcome(new TrialOutcome.Trained("cnn", 421_642L, "fp32"), new TrialOutcome.Learning(
                List.of(new TrialOutcome.Epoch(1, 0.5, 0.8, 2)), 0.8, false, null), new TrialOutcome.Work(1000, 8L,
                null, null, List.of("float32"), 1.0, false, 2), new TrialOutcome.Origin(djl, engine, null, null, null,
                engineId));
    }

    private static TrialRecord record() {
        return new TrialRecord(new TrialRecord.Slot(3, "t003", "precision=fp32", 2, 2), new TrialRecord.Ending(
                TrialStatus.OK, null, "2026-12-04T00:00:00Z", 9.5, 0), new TrialRecord.Energies(100.0,
                org.carbonlab.power.ProvenanceSet.parse("estimated:tdp-model"), List.of(), 80.0, List.of(80.0), 10.0),
                outcome("0.36.0", "PyTorch 2.7.1", "djl"), TrialRecord.Context.NONE);
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
        assertEquals("nd4j", outcome("0.36.0", null, "nd4j").trainedBy(), "recorded wins");
        // before the engine id was recorded: ND4J named itself, only DJL trials reported a DJL version
        assertEquals("djl", outcome("0.36.0", "PyTorch 2.7.1", null).trainedBy());
        assertEquals("nd4j", outcome(null, "ND4J 1.0.0-M2.1 SameDiff (native build -onednn-avx2)", null).trainedBy());
        assertEquals("command", outcome(null, "torch 1.13.0", null).trainedBy());
        TrialOutcome o = outcome("0.36.0", "PyTorch 2.7.1", "djl");
        String json = Json.MAPPER.writeValueAsString(o);
        assertTrue(json.endsWith(",\"engineId\":\"djl\"}"), json);
        assertEquals(o, Json.read(json, TrialOutcome.class));
        String older = Json.MAPPER.writeValueAsString(outcome("0.36.0", null, null));
        assertTrue(!older.contains("engineId"), "no engine id field where none was recorded: " + older);
    }

    @Test
    void aRecordChangedInOnePartKeepsEveryOtherField() {
        TrialRecord r = record();
        NodeInfo node = new NodeInfo("n1", null, null, null, null, null, "7", "3", null, null, null);
        TrialRecord moved = r.withNode(node);
        assertEquals(node, moved.node());
        assertEquals(r, moved.withNode(null));
        assertEquals(r.with(r.energies()), r);
    }

    /** The parts are written flat, in the order the line has always had, absent context fields left out. */
    @Test
    void aRecordIsOneFlatObjectInItsFieldOrderAndReadsBackEqual() throws Exception {
        TrialRecord r = record();
        String json = Json.MAPPER.writeValueAsString(r);
        List<String> keys = new java.util.ArrayList<>();
        Json.MAPPER.readTree(json).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("trial", "id", "variant", "repetition", "seed", "status", "reason", "startedUtc",
                "wallSeconds", "exitCode", "energyJ", "provenance", "devices", "trainingEnergyJ", "epochEnergyJ",
                "inferenceEnergyJ", "outcome"), keys);
        List<String> outcomeKeys = new java.util.ArrayList<>();
        Json.MAPPER.readTree(json).get("outcome").fieldNames().forEachRemaining(outcomeKeys::add);
        assertEquals(List.of("model", "parameters", "precision", "epochs", "testAccuracy", "stoppedEarly",
                "targetEpoch", "trainExamples", "steps", "skippedSteps", "finalLossScale", "weightTypes",
                "inferenceSeconds", "distilled", "threads", "djl", "engine", "data", "engineId"), outcomeKeys);
        assertEquals(r, Json.read(json, TrialRecord.class));
        TrialRecord banded = r.with(r.context().withEnergyBand(new TrialRecord.EnergyBand(90, 170, "model")));
        assertTrue(Json.MAPPER.writeValueAsString(banded).endsWith(",\"energyBand\":{\"lowJ\":90.0,\"highJ\":170.0,"
                + "\"basis\":\"model\"}}"));
        assertEquals(banded, Json.read(Json.MAPPER.writeValueAsString(banded), TrialRecord.class));
    }

    /** Jackson drops unknown fields inside unwrapped parts; Json.read refuses them, at any depth. */
    @Test
    void anUnknownFieldIsRefusedWhereverItIs() throws Exception {
        String json = Json.MAPPER.writeValueAsString(record());
        String top = json.replace("\"seed\":2,", "\"seed\":2,\"sede\":3,");
        String inOutcome = json.replace("\"testAccuracy\":0.8,", "\"testAccuracy\":0.8,\"testAcuracy\":0.9,");
        String inEpoch = json.replace("\"seconds\":2.0}", "\"seconds\":2.0,\"loss\":1}");
        assertTrue(Json.MAPPER.readValue(top, TrialRecord.class) != null, "Jackson alone lets it pass");
        assertTrue(assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class, () -> Json.read(top,
                TrialRecord.class)).getMessage().contains("Unrecognized field [sede] at $ (TrialRecord)"));
        assertTrue(assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class, () -> Json.read(inOutcome,
                TrialRecord.class)).getMessage().contains("[testAcuracy] at $.outcome (TrialOutcome)"));
        assertTrue(assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class, () -> Json.read(inEpoch,
                TrialRecord.class)).getMessage().contains("[loss] at $.outcome.epochs[0] (Epoch)"));
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
