package org.carbonlab.bench;

import java.util.concurrent.TimeUnit;

import org.carbonlab.workload.Architecture;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.engine.Precision;
import org.carbonlab.workload.Training;
import org.carbonlab.workload.TrainingSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Predictions for one batch of the bundled test images with each reference model, the distilled student
 * ({@code cnn-small}: distillation changes its weights, not its cost per prediction) included, so inference cost can
 * be set against the teacher's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.offline=true")
public class InferenceBench {

    @Param({"cnn", "vit-tiny", "cnn-wide", "cnn-small"})
    public String model;

    @Param({"fp32"})
    public String precision;

    @Param({"128"})
    public int batch;

    private FashionMnist.Split test;
    private TrainingSession session;

    @Setup(Level.Trial)
    public void setUp() {
        test = FashionMnist.bundled().test();
        session = TrainingSession.open(new Training.Config(Architecture.of(model), Precision.of(precision), 1, batch,
                1e-3f, 1, 0, 0, Double.NaN), batch);
    }

    /** One batch of predictions (argmax read back). */
    @Benchmark
    public void predictBatch() {
        session.predict(test, batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }
}
