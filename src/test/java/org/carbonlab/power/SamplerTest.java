package org.carbonlab.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void aThrowingSourceRecordsAGapAndTheOthersGoOn() {
        FakeSource good = new FakeSource("good").power("a", t -> 10.0);
        FakeSource bad = new FakeSource("bad").power("b", t -> 20.0);
        bad.throwOnRead = new IllegalStateException("sensor exploded");
        Sampler sampler = new Sampler(List.of(bad, good), Duration.ofMillis(100), new ManualClock());
        Tick tick = sampler.sampleNow();
        assertFalse(tick.readings().get(0).ok());
        assertTrue(tick.readings().get(0).error().contains("sensor exploded"), tick.readings().get(0).error());
        assertEquals(10.0, tick.readings().get(1).powerWatts());
        bad.throwOnRead = null;
        assertTrue(sampler.sampleNow().readings().get(0).ok());
    }

    @Test
    void aSourceReturningTheWrongNumberOfReadingsFailsItsChannels() {
        PowerSource liar = new FakeSource("liar").power("a", t -> 1.0).power("b", t -> 1.0);
        PowerSource wrapped = new PowerSource() {
            public String id() {
                return "liar";
            }

            public SourceStatus status() {
                return liar.status();
            }

            public List<Channel> channels() {
                return liar.channels();
            }

            public List<Reading> read(long t) {
                return List.of(Reading.power(1));
            }
        };
        Tick tick = new Sampler(List.of(wrapped), Duration.ofMillis(100), new ManualClock()).sampleNow();
        assertEquals(2, tick.readings().size());
        assertTrue(tick.readings().get(1).error().contains("returned 1 readings for 2 channels"));
    }

    @Test
    void powerIsDerivedFromCounterDeltasOfTheSameEpoch() {
        ManualClock clock = new ManualClock();
        int[] epoch = {0};
        double[] joules = {100};
        Channel c = new Channel("x:pkg", DeviceKind.CPU, "x", Provenance.MEASURED_RAPL, null, true);
        FakeSource src = new FakeSource("x").channel(c, t -> Reading.counter(joules[0], epoch[0]));
        Sampler sampler = new Sampler(List.of(src), Duration.ofMillis(100), clock);
        assertTrue(Double.isNaN(sampler.sampleNow().readings().get(0).powerWatts()));
        clock.advanceSeconds(0.5);
        joules[0] = 130;
        assertEquals(60.0, sampler.sampleNow().readings().get(0).powerWatts(), 1e-9);
        clock.advanceSeconds(0.5);
        joules[0] = 5;
        epoch[0] = 1;
        assertTrue(Double.isNaN(sampler.sampleNow().readings().get(0).powerWatts()), "no power across a restart");
    }

    @Test
    void theThreadSamplesPeriodicallyUntilClosed() throws InterruptedException {
        FakeSource src = new FakeSource("x").power("a", t -> 1.0);
        List<Tick> ticks = new CopyOnWriteArrayList<>();
        boolean[] stopped = {false};
        Sampler sampler = new Sampler(List.of(src), Duration.ofMillis(5));
        sampler.addListener(new SampleListener() {
            public void onTick(Tick tick) {
                ticks.add(tick);
            }

            public void onStop() {
                stopped[0] = true;
            }
        });
        sampler.start();
        long deadline = System.nanoTime() + 10_000_000_000L; // a ceiling against hangs, not a timing assertion
        while (ticks.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        sampler.close();
        assertTrue(ticks.size() >= 5, "only " + ticks.size() + " ticks");
        for (int i = 1; i < ticks.size(); i++) {
            assertTrue(ticks.get(i).monotonicNanos() > ticks.get(i - 1).monotonicNanos(), "timestamps must increase");
        }
        int after = ticks.size();
        Thread.sleep(30);
        assertEquals(after, ticks.size(), "no ticks after close");
        assertTrue(stopped[0]);
        assertThrows(IllegalStateException.class, sampler::start);
    }

    @Test
    void aFailingListenerIsRecordedAndSamplingGoesOn() {
        Sampler sampler = new Sampler(List.of(new FakeSource("x").power("a", t -> 1.0)), Duration.ofMillis(100),
                new ManualClock());
        sampler.addListener(tick -> {
            throw new IllegalStateException("disk full");
        });
        sampler.sampleNow();
        sampler.sampleNow();
        assertEquals(2, sampler.tickCount());
        assertTrue(sampler.listenerErrors().get(0).contains("disk full"));
    }

    @Test
    void rejectsANonPositiveInterval() {
        PowerException e = assertThrows(PowerException.class,
                () -> new Sampler(List.of(), Duration.ZERO, new ManualClock()));
        assertTrue(e.getMessage().contains("must be positive"));
    }
}
