package org.carbonlab.jmh;

import java.util.Optional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import org.carbonlab.power.Metering;
import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.PowerException;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.power.source.RaplSource;

/**
 * A JMH profiler that meters every measurement and warm-up iteration with carbonlab's power sources and reports,
 * as secondary results, energy per operation (J/op), mean power (W) and gCO2e per operation, each unit carrying
 * the provenance ({@code measured:rapl}, {@code estimated:tdp-model}, ...); NaN when the energy is unknown, never a
 * missing metric. It runs inside the benchmark's fork; the estimate counts that JVM's CPU time.
 * {@code -prof org.carbonlab.jmh.EnergyProfiler:source=estimate;pue=1.2;intensity=350}.
 */
public final class EnergyProfiler implements InternalProfiler {

    private final ProfilerSettings settings;
    private final PowerSources.Selection selection;
    private final Metering metering;
    private final EnergyMeter meter;
    private long start;

    /** For JMH without options. */
    public EnergyProfiler() throws ProfilerException {
        this("");
    }

    /** For JMH with the option line after {@code :}. */
    public EnergyProfiler(String initLine) throws ProfilerException {
        try {
            settings = ProfilerSettings.parse(initLine);
        } catch (IllegalArgumentException | org.carbonlab.util.UserException e) {
            throw new ProfilerException(e.getMessage());
        }
        try {
            selection = PowerSources.open(settings.sources(), PowerSources.Options.of(RaplSource.DEFAULT_ROOT,
                    Double.NaN, EstimateSource.DEFAULT_RAM_WATTS_PER_GB, true));
        } catch (PowerException e) {
            throw new ProfilerException(e.getMessage() + "; e.g. -prof " + EnergyProfiler.class.getName()
                    + ":source=estimate");
        }
        metering = Metering.start(selection.sources(), selection.statuses(), settings.interval(),
                java.util.Optional.empty());
        meter = metering.meter();
    }

    @Override
    public String getDescription() {
        return "carbonlab energy per operation, mean power and gCO2e per operation; options: "
                + ProfilerSettings.HELP;
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        start = System.nanoTime();
        meter.begin("iteration");
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        org.carbonlab.power.Measurement m = meter.end();
        double seconds = (System.nanoTime() - start) / 1e9;
        IterationEnergy e = IterationEnergy.of(m.whole(), seconds, result.getMetadata().getMeasuredOps());
        if (e.reason() != null) {
            System.err.println("carbonlab EnergyProfiler: energy unknown: " + e.reason());
        }
        List<Result> out = new ArrayList<>();
        for (IterationEnergy.Metric x : e.metrics(settings.pue(), settings.intensityGPerKwh())) {
            out.add(new ScalarResult(x.name(), x.value(), x.unit(), AggregationPolicy.AVG));
        }
        java.util.Map<String, org.carbonlab.power.Band> bands = selection.bands();
        org.carbonlab.power.Band total = org.carbonlab.power.Band.ofTotalBand(m.whole(), bands);
        long ops = result.getMetadata().getMeasuredOps();
        if (total != null && ops > 0) { // the estimate's band: where J/op lies under the model's uncertainty
            org.carbonlab.stats.Interval ends = org.carbonlab.power.Band.ends(m.whole().devices(), bands);
            String basis = total.basis();
            out.add(new ScalarResult("·energy.low", ends.low() / ops, "J/op band low (" + basis + ")",
                    AggregationPolicy.AVG));
            out.add(new ScalarResult("·energy.high", ends.high() / ops, "J/op band high (" + basis + ")",
                    AggregationPolicy.AVG));
        }
        if (Double.isFinite(m.meterCpuSeconds())) { // what measuring cost, inside the energy above
            out.add(new ScalarResult("·meter", 100 * m.meterCpuSeconds() / seconds, "% of one core (the meter's own"
                    + " CPU)", AggregationPolicy.AVG));
        }
        return out;
    }
}
