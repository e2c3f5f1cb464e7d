package org.carbonlab.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void cosineWarmsUpLinearlyThenDecaysToZero() {
        assertEquals(0.25e-3f, Schedule.rate(1e-3f, 4, 104, 1), 1e-9);
        assertEquals(1e-3f, Schedule.rate(1e-3f, 4, 104, 4), 1e-9);
        assertEquals(0.5e-3f, Schedule.rate(1e-3f, 4, 104, 54), 1e-9); // half-way through the decay: cos(pi/2) = 0
        assertEquals(0f, Schedule.rate(1e-3f, 4, 104, 104), 1e-9);
        assertEquals(0f, Schedule.rate(1e-3f, 4, 104, 200), 1e-9); // past the end it stays at 0
    }

    @Test
    void constantIsTheBaseRateAndUnknownNamesAreRefused() {
        assertEquals(1e-3f, Schedule.CONSTANT.tracker(1e-3f, 4, 10).getNewValue(7));
        assertEquals(Schedule.COSINE, Schedule.of("cosine"));
        assertEquals("unknown learning-rate schedule 'step'; valid: [constant, cosine]",
                assertThrows(org.carbonlab.util.UserException.class, () -> Schedule.of("step")).getMessage());
    }
}
