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
 * One optimizer step of a reference model in a precision, on batches of the bundled data: forward, loss, backward
 * and the update (for amp-fp16 also the FP16 twin's copy and the unscaling), with the loss read back so the step
 * really completes. Model building and data loading happen in the setup, outside the measurement. Run with
 * {@code -prof org.carbonlab.jmh.EnergyProfiler} for energy per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.offline=true")
public class TrainStepBench {

    @Param({"cnn", "vit-tiny", "cnn-wide", "cnn-small"})
    public String model;

    @Param({"fp32", "amp-fp16", "fp16"})
    public String precision;

    @Param({"128"})
    public int batch;

    private FashionMnist.Split train;
    private TrainingSession session;
    private int[][] batches;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        train = FashionMnist.bundled().train();
        Training.Config c = new Training.Config(Architecture.of(model), Precision.of(precision), 1, batch, 1e-3f, 1,
                0, 0, Double.NaN);
        session = TrainingSession.open(c, train.size());
        batches = new int[train.size() / batch][batch];
        for (int b = 0; b < batches.length; b++) {
            for (int i = 0; i < batch; i++) {
                batches[b][i] = b * batch + i;
            }
        }
    }

    /** One step on the next batch; returns its loss so the result is consumed. */
    @Benchmark
    public double step() {
        int[] idx = batches[next];
        next = (next + 1) % batches.length;
        return session.step(train, idx);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }
}
