package org.carbonlab.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.nd4j.linalg.factory.Nd4j;

import org.carbonlab.compute.Nd4jRuntime;

/**
 * A kernel on ND4J: {@code Nd4j.matmul} (the path that reaches oneDNN; {@code INDArray.mmul} does not) and the
 * {@code conv2d} custom op, with oneDNN switched on or off for the whole JVM as the engine says. A first run in
 * the constructor turns an op ND4J cannot execute here into an {@link UnsupportedKernelException}.
 */
final class Nd4jKernel implements Kernel {

    private final Op op;
    private final INDArray a;
    private final INDArray b;
    private final Conv2DConfig conv;
    private INDArray out;

    Nd4jKernel(Op op, Format format, double[][] in, boolean onednn) {
        Nd4jRuntime.configure();
        Nd4jCpu.Environment.getInstance().setUseONEDNN(onednn);
        this.op = op;
        DataType type = switch (format) {
            case FP32 -> DataType.FLOAT;
            case FP16 -> DataType.HALF;
            case BF16 -> DataType.BFLOAT16;
            default -> throw new UnsupportedKernelException(format.id() + " is not a kernel format");
        };
        if (op instanceof Op.Gemm g) {
            this.a = create(in[0], new long[] {g.m(), g.k()}, type);
            this.b = create(in[1], new long[] {g.k(), g.n()}, type);
            this.conv = null;
        } else {
            Op.Conv2d c = (Op.Conv2d) op;
            this.a = create(in[0], new long[] {c.batch(), c.in(), c.size(), c.size()}, type);
            // ND4J's default weight layout is [kH, kW, in, out]; the op's is [out, in, kH, kW]
            INDArray oihw = create(in[1], new long[] {c.out(), c.in(), c.kernel(), c.kernel()}, type);
            this.b = oihw.permute(2, 3, 1, 0).dup('c');
            oihw.close();
            this.conv = Conv2DConfig.builder().kH(c.kernel()).kW(c.kernel()).sH(1).sW(1).pH(c.pad()).pW(c.pad())
                    .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        }
        try {
            run();
        } catch (RuntimeException e) {
            close();
            throw new UnsupportedKernelException("ND4J" + (onednn ? " (oneDNN on)" : " (oneDNN off)") + " cannot run "
                    + op.id() + " in " + format.id() + " here: " + rootMessage(e), e);
        }
    }

    private static INDArray create(double[] x, long[] shape, DataType type) {
        INDArray f = Nd4j.create(DjlKernel.floats(x), shape, DataType.FLOAT);
        if (type == DataType.FLOAT) {
            return f;
        }
        INDArray t = f.castTo(type);
        f.close();
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void run() {
        if (out != null) {
            out.close();
        }
        out = conv == null ? Nd4j.matmul(a, b) : Nd4j.exec(new Conv2D(a, b, null, conv))[0];
    }

    @Override
    public double[] result() {
        INDArray f = out.castTo(DataType.DOUBLE);
        double[] d = f.data().asDouble();
        f.close();
        return d;
    }

    @Override
    public void close() {
        for (INDArray x : new INDArray[] {a, b, out}) {
            if (x != null && !x.wasClosed()) {
                x.close();
            }
        }
    }
}
