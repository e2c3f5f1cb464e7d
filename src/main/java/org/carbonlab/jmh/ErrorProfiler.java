package org.carbonlab.jmh;

import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports, with every iteration, the numerical error the benchmark {@link #record recorded}
 * in its setup (the kernel benchmarks: relative error against FP64), as the secondary result {@value #METRIC};
 * nothing where the benchmark recorded none. JMH keeps secondary results only from profilers, hence this one.
 * {@code -prof org.carbonlab.jmh.ErrorProfiler}.
 */
public final class ErrorProfiler implements InternalProfiler {

    /** The secondary result's name. */
    public static final String METRIC = "rel.error";
    private static volatile double recorded = Double.NaN;

    /** Records the error of the benchmark running in this JVM (its fork). */
    public static void record(double relativeError) {
        recorded = relativeError;
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        double e = recorded;
        return Double.isNaN(e) ? List.of()
                : List.of(new ScalarResult(METRIC, e, "||C-R||/||R|| vs fp64", AggregationPolicy.AVG));
    }

    @Override
    public String getDescription() {
        return "carbonlab: the numerical error a benchmark recorded (kernels: relative error against FP64)";
    }
}
