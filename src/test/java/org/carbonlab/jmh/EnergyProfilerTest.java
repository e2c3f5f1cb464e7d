package org.carbonlab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

@org.junit.jupiter.api.Tag("forked")
class EnergyProfilerTest {

    @Test
    void perOperationEnergyPowerAndCo2eFromHandBuiltIterations() {
        // 12 J over 2 s and 400 operations: 0.03 J/op, 6 W; 0.03 J = 8.333e-9 kWh x 1.2 x 350 g/kWh
        IterationEnergy e = new IterationEnergy(12, 2, 400, "measured:rapl", null);
        assertEquals(0.03, e.joulesPerOp(), 1e-15);
        assertEquals(6.0, e.meanWatts(), 1e-15);
        assertEquals(0.03 / 3.6e6 * 1.2 * 350, e.gramsPerOp(1.2, 350), 1e-20);
        List<IterationEnergy.Metric> m = e.metrics(1.2, 350);
        assertEquals(List.of("·energy", "·power", "·co2e"), m.stream().map(IterationEnergy.Metric::name).toList());
        assertEquals("J/op measured:rapl", m.get(0).unit());
        assertEquals("gCO2e/op measured:rapl", m.get(2).unit());

        IterationEnergy unknown = new IterationEnergy(Double.NaN, 2, 400, "none", "no channel can be summed");
        assertTrue(unknown.metrics(1, 475).stream().allMatch(x -> Double.isNaN(x.value())));
        assertEquals("J/op unknown", unknown.metrics(1, 475).get(0).unit());
        assertTrue(Double.isNaN(new IterationEnergy(1, 1, 0, "x", null).joulesPerOp()));
    }

    @Test
    void optionsParseAndBadOnesSayWhatIsValid() {
        ProfilerSettings s = ProfilerSettings.parse("source=estimate;pue=1.2;intensity=350;interval=50ms");
        assertEquals(List.of("estimate"), s.sources());
        assertEquals(1.2, s.pue());
        assertEquals(350, s.intensityGPerKwh(), 1e-9);
        assertEquals(Duration.ofMillis(50), s.interval());
        assertEquals(new ProfilerSettings(List.of("auto"), 1.0, 475, Duration.ofMillis(100)), ProfilerSettings.parse(""));
        assertTrue(assertThrows(org.carbonlab.util.UserException.class, () -> ProfilerSettings.parse("watts=3")).getMessage()
                .startsWith("unknown option 'watts'; options: source="));
        assertThrows(org.carbonlab.util.UserException.class, () -> ProfilerSettings.parse("pue=0.5"));
        ProfilerException e = assertThrows(ProfilerException.class,
                () -> new EnergyProfiler("source=rapl"));
        assertTrue(e.getMessage().startsWith("power source 'rapl' cannot read"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; e.g. -prof org.carbonlab.jmh.EnergyProfiler:source=estimate"));
    }

    @Test
    void aForkedJmhRunReportsTheEnergyOfOneBusyCoreForEachIteration() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(SpinBench.class.getName())
                .forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(3)
                .measurementTime(TimeValue.seconds(1)).addProfiler(EnergyProfiler.class, "source=estimate;pue=1.5;"
                        + "intensity=300").shouldFailOnError(true).build()).run();
        assertEquals(1, results.size());
        BenchmarkResult b = results.iterator().next().getBenchmarkResults().iterator().next();
        assertEquals(3, b.getIterationResults().size());
        for (IterationResult it : b.getIterationResults()) {
            Map<String, Result> sec = it.getSecondaryResults();
            assertTrue(sec.keySet().containsAll(List.of("·energy", "·power", "·co2e")), sec.keySet().toString());
            double jPerOp = sec.get("·energy").getScore();
            double watts = sec.get("·power").getScore();
            long ops = it.getMetadata().getMeasuredOps();
            assertEquals("J/op " + org.carbonlab.power.source.EstimateSource.provenance(
                    org.carbonlab.power.source.EstimateSource.Config.defaults()).label(),
                    sec.get("·energy").getScoreUnit());
            assertFalse(Double.isNaN(jPerOp));
            // checked against figures the profiler does not compute: the iteration's clock time (JMH's 1 s) and
            // the CPU time of one spinning thread (one busy core, plus JMH's and the JVM's own threads) priced at the
            // estimate's W per core for this CPU (the model's parameter, from the catalog); RAM adds well under 1 W
            double wattsPerCore = org.carbonlab.power.source.EstimateSource.wattsPerCore(
                    org.carbonlab.power.source.EstimateSource.Config.defaults(), org.carbonlab.hardware.CpuCatalog.load());
            double joules = jPerOp * ops;
            assertTrue(joules > 0.85 * wattsPerCore && joules < 1.6 * wattsPerCore + 1, "iteration energy " + joules
                    + " J for 1 s of one busy core at " + wattsPerCore + " W per core");
            assertTrue(watts > 0.85 * wattsPerCore && watts < 1.6 * wattsPerCore + 1, "power " + watts);
            assertEquals(jPerOp / 3.6e6 * 1.5 * 300, sec.get("·co2e").getScore(), 1e-15);
            if (sec.containsKey("·energy.low")) { // the SPECpower estimate's band brackets the figure
                assertTrue(sec.get("·energy.low").getScore() <= jPerOp && jPerOp <= sec.get("·energy.high").getScore(),
                        sec.get("·energy.low").getScore() + " <= " + jPerOp + " <= " + sec.get("·energy.high").getScore());
                assertTrue(sec.get("·energy.low").getScoreUnit().contains("SPECpower"));
            }
            // the meter's own CPU, as a share of one core over the iteration: present, and small beside the spin
            double meter = sec.get("·meter").getScore();
            assertTrue(meter >= 0 && meter < 50, "meter " + meter + " % of one core");
        }
    }
}
