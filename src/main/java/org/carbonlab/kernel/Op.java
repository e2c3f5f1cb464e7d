package org.carbonlab.kernel;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carbonlab.util.UserException;

/** A kernel's operation and size: what is computed, how many floating-point operations it takes, its inputs. */
public sealed interface Op {

    /** The id used in benchmark parameters and results ({@code gemm-MxKxN}, {@code conv-BxCxHxW-FkKpP}). */
    String id();

    /** Floating-point operations of one run: 2 per multiply-add. */
    double flops();

    /** The length of each output's dot product (the K of the error bound). */
    long reductionLength();

    /** Sizes of the two inputs, in elements. */
    int[] inputSizes();

    /** Output size, in elements. */
    int outputSize();

    /** Fresh inputs uniform in [-1, 1), from {@code seed}. */
    default double[][] inputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] sizes = inputSizes();
        double[][] in = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            in[i] = r.doubles(sizes[i], -1, 1).toArray();
        }
        return in;
    }

    /**
     * C[m][n] = A[m][k] B[k][n], row-major.
     *
     * @param m rows of A and C
     * @param k columns of A, rows of B
     * @param n columns of B and C
     */
    record Gemm(int m, int k, int n) implements Op {
        @Override
        public String id() {
            return "gemm-" + m + "x" + k + "x" + n;
        }

        @Override
        public double flops() {
            return 2.0 * m * k * n;
        }

        @Override
        public long reductionLength() {
            return k;
        }

        @Override
        public int[] inputSizes() {
            return new int[] {m * k, k * n};
        }

        @Override
        public int outputSize() {
            return m * n;
        }
    }

    /**
     * A 2-D convolution, stride 1, square kernel, zero padding, no bias: input NCHW {@code (batch, in, size, size)},
     * weights OIHW {@code (out, in, kernel, kernel)}, output NCHW.
     *
     * @param batch  images
     * @param in     input channels
     * @param size   height and width of the input
     * @param out    output channels (filters)
     * @param kernel kernel height and width
     * @param pad    zero padding on each side
     */
    record Conv2d(int batch, int in, int size, int out, int kernel, int pad) implements Op {
        /** Height and width of the output. */
        public int outSize() {
            return size + 2 * pad - kernel + 1;
        }

        @Override
        public String id() {
            return "conv-" + batch + "x" + in + "x" + size + "x" + size + "-" + out + "k" + kernel + "p" + pad;
        }

        @Override
        public double flops() {
            return 2.0 * batch * out * outSize() * outSize() * reductionLength();
        }

        @Override
        public long reductionLength() {
            return (long) in * kernel * kernel;
        }

        @Override
        public int[] inputSizes() {
            return new int[] {batch * in * size * size, out * in * kernel * kernel};
        }

        @Override
        public int outputSize() {
            return batch * out * outSize() * outSize();
        }
    }

    /** Parses an {@link #id()}. */
    static Op parse(String id) {
        Matcher g = Pattern.compile("gemm-(\\d+)x(\\d+)x(\\d+)").matcher(id);
        if (g.matches()) {
            return new Gemm(Integer.parseInt(g.group(1)), Integer.parseInt(g.group(2)), Integer.parseInt(g.group(3)));
        }
        Matcher c = Pattern.compile("conv-(\\d+)x(\\d+)x(\\d+)x(\\d+)-(\\d+)k(\\d+)p(\\d+)").matcher(id);
        if (c.matches() && c.group(3).equals(c.group(4))) {
            return new Conv2d(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)), Integer.parseInt(c.group(3)),
                    Integer.parseInt(c.group(5)), Integer.parseInt(c.group(6)), Integer.parseInt(c.group(7)));
        }
        throw new UserException("unknown kernel op '" + id + "'; valid: gemm-MxKxN (e.g. gemm-256x4096x4096)"
                + " or conv-BxCxHxH-FkKpP (e.g. conv-128x32x14x14-64k3p1)");
    }
}
