package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The one parser of the segment labels that trials mark their meter with. */
class SegmentTest {

    @Test
    void everyKnownLabelParsesToItsSegmentAndBack() {
        List<Segment> known = List.of(Segment.train(1), Segment.validate(12), Segment.afterTraining(),
                Segment.inference(10_000), Segment.afterInference());
        for (Segment s : known) {
            assertEquals(Optional.of(s), Segment.parse(s.label()), s.label());
        }
        assertEquals(List.of("train-1", "validate-12", "after-training", "inference-10000", "after-inference"),
                known.stream().map(Segment::label).toList());
        assertTrue(Segment.train(3).ofEpoch(3) && Segment.validate(3).ofEpoch(3));
        assertFalse(Segment.train(3).ofEpoch(4) || Segment.inference(3).ofEpoch(3));
    }

    @Test
    void aCommandsOwnLabelsAndMalformedOnesAreNotSegments() {
        for (String label : List.of("t001", "loading", "train-0", "train-", "train-01", "train-x", "Train-1",
                "train-1-a", "inference", "after-training-1", "")) {
            assertEquals(Optional.empty(), Segment.parse(label), label);
        }
        assertThrows(IllegalArgumentException.class, () -> Segment.train(0));
        assertThrows(IllegalArgumentException.class, () -> new Segment(Segment.Kind.AFTER_TRAINING, 2));
    }

    @Test
    void aTraceMarkOpensTheSegmentItNames() {
        assertEquals(Optional.of(Segment.train(2)), new PowerTrace.Mark(5, "mark:train-2").segment());
        assertEquals(Optional.empty(), new PowerTrace.Mark(5, "begin:train-2").segment());
        assertEquals(Optional.empty(), new PowerTrace.Mark(5, "mark:warmup").segment());
    }
}
