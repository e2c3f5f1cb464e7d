package org.carbonlab.bench;

import java.util.concurrent.TimeUnit;

import org.carbonlab.jmh.ErrorProfiler;
import org.carbonlab.kernel.Format;
import org.carbonlab.kernel.Kernel;
import org.carbonlab.kernel.Backend;
import org.carbonlab.kernel.Op;
import org.carbonlab.kernel.Reference;
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
 * The precision roofline: one GEMM or conv2d per operation, by engine (DJL/PyTorch, ND4J with and without oneDNN)
 * and number format, inputs uniform in [-1, 1) from a fixed seed already on the engine. The setup runs the kernel
 * once and records its relative error against the plain-Java FP64 product for {@link ErrorProfiler}. Each fork
 * loads one engine only (DJL and ND4J bring their own OpenMP and oneDNN). A combination the engine cannot run here
 * fails its setup with the reason. Run with {@code -prof org.carbonlab.jmh.EnergyProfiler -prof
 * org.carbonlab.jmh.ErrorProfiler}; {@code carbonlab report --roofline} turns the JSON into GFLOP/s and J/GFLOP.
 * The ops: the DESIGN.md cnn's two convolutions and its first linear layer (128x3136x128) at batch 128, and
 * GEMMs of growing size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.offline=true")
public class KernelBench {

    @Param({"gemm-128x3136x128", "gemm-256x1024x1024", "gemm-256x4096x4096", "conv-128x1x28x28-32k3p1",
        "conv-128x32x14x14-64k3p1"})
    public String op;

    @Param({"djl", "nd4j-onednn", "nd4j"})
    public String engine;

    @Param({"fp32", "fp16", "bf16"})
    public String format;

    private Kernel kernel;

    @Setup(Level.Trial)
    public void setUp() {
        Op o = Op.parse(op);
        double[][] in = o.inputs(42);
        kernel = Kernel.open(Backend.of(engine), o, Format.of(format), in);
        kernel.run();
        ErrorProfiler.record(Reference.errors(o, in[0], in[1], kernel.result()).relative());
    }

    /** One op; its output stays on the engine (freed by the next run). */
    @Benchmark
    public void run() {
        kernel.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.close();
    }
}
