package org.carbonlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.FakeSource;
import org.carbonlab.power.ManualClock;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.Sampler;
import org.carbonlab.results.TrialRecord;
import org.junit.jupiter.api.Test;

class TrialRecordsTest {

    /** A constant 50 W device, a window of {@code before} seconds, then training for 4 s, with these marks. */
    private static Measurement trial(List<String> marksBeforeTraining, boolean reachesTraining) {
        ManualClock clock = new ManualClock();
        FakeSource src = new FakeSource("fake").power("gpu", t -> 50.0);
        Sampler sampler = new Sampler(List.of(src), Duration.ofMillis(100), clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of(src.status()));
        meter.begin("t001");
        for (String m : marksBeforeTraining) {
            clock.advanceSeconds(0.5);
            meter.mark(m);
        }
        clock.advanceSeconds(1.0);
        if (reachesTraining) {
            meter.mark("train-1");
            clock.advanceSeconds(4.0);
            meter.mark("after-training");
        }
        clock.advanceSeconds(1.0);
        return meter.end();
    }

    @Test
    void theStartUpIsEverythingBeforeTheFirstTrainingStep() {
        TrialRecord.Startup s = TrialRecords.startup(trial(List.of(), true));
        assertEquals(1.0, s.seconds(), 1e-9);
        assertEquals(50.0, s.energyJ(), 1e-9);
        // a command that marks its own phases before training: they are all start-up
        TrialRecord.Startup withPhases = TrialRecords.startup(trial(List.of("imports", "data"), true));
        assertEquals(2.0, withPhases.seconds(), 1e-9);
        assertEquals(100.0, withPhases.energyJ(), 1e-9);
    }

    @Test
    void aTrialThatNeverTrainedHasNoStartUp() {
        assertNull(TrialRecords.startup(trial(List.of("data"), false)));
    }
}
