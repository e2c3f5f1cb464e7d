package org.carbonlab.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** A kernel on DJL's PyTorch engine: {@code matMul} and {@code Conv2d.conv2d} (no bias). */
final class DjlKernel implements Kernel {

    private final Op op;
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;
    private NDArray out;

    DjlKernel(Op op, Format format, double[][] in) {
        if (format == Format.BF16) {
            throw new UnsupportedKernelException("DJL 0.36's PyTorch JNI has no BF16 type: a BF16 array aborts the"
                    + " JVM");
        }
        this.op = op;
        DataType type = format == Format.FP16 ? DataType.FLOAT16 : DataType.FLOAT32;
        this.manager = NDManager.newBaseManager();
        try {
            Shape[] shapes = op instanceof Op.Gemm g
                    ? new Shape[] {new Shape(g.m(), g.k()), new Shape(g.k(), g.n())}
                    : shapes((Op.Conv2d) op);
            this.a = manager.create(floats(in[0]), shapes[0]).toType(type, false);
            this.b = manager.create(floats(in[1]), shapes[1]).toType(type, false);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Shape[] shapes(Op.Conv2d c) {
        return new Shape[] {new Shape(c.batch(), c.in(), c.size(), c.size()),
            new Shape(c.out(), c.in(), c.kernel(), c.kernel())};
    }

    static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Override
    public void run() {
        if (out != null) {
            out.close();
        }
        out = op instanceof Op.Conv2d c
                ? Conv2d.conv2d(a, b, null, new Shape(1, 1), new Shape(c.pad(), c.pad())).singletonOrThrow()
                : a.matMul(b);
    }

    @Override
    public double[] result() {
        float[] f = out.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public void close() {
        manager.close();
    }
}
