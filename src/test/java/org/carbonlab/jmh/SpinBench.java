package org.carbonlab.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A CPU-bound benchmark for the profiler's forked test: a few thousand multiply-adds per operation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpinBench {

    private double x = 1.0001;

    @Benchmark
    public double spin() {
        double acc = 0;
        for (int i = 0; i < 5_000; i++) {
            acc = acc * x + i;
        }
        return acc;
    }
}
