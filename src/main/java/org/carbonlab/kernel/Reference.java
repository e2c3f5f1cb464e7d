package org.carbonlab.kernel;

/**
 * Each op computed in FP64 by plain loops, independent of every engine, and the errors of an engine's result
 * against it.
 */
public final class Reference {

    private Reference() {
    }

    /** The op's output for inputs {@code a}, {@code b}; with {@code abs}, for their absolute values. */
    public static double[] compute(Op op, double[] a, double[] b, boolean abs) {
        return op instanceof Op.Gemm g ? gemm(g, a, b, abs) : conv((Op.Conv2d) op, a, b, abs);
    }

    private static double[] gemm(Op.Gemm g, double[] a, double[] b, boolean abs) {
        double[] c = new double[g.m() * g.n()];
        for (int i = 0; i < g.m(); i++) {
            for (int p = 0; p < g.k(); p++) {
                double x = abs ? Math.abs(a[i * g.k() + p]) : a[i * g.k() + p];
                int row = p * g.n();
                int out = i * g.n();
                for (int j = 0; j < g.n(); j++) {
                    c[out + j] += x * (abs ? Math.abs(b[row + j]) : b[row + j]);
                }
            }
        }
        return c;
    }

    private static double[] conv(Op.Conv2d c, double[] x, double[] w, boolean abs) {
        int s = c.size();
        int os = c.outSize();
        int k = c.kernel();
        double[] y = new double[c.outputSize()];
        for (int n = 0; n < c.batch(); n++) {
            for (int o = 0; o < c.out(); o++) {
                int yBase = (n * c.out() + o) * os * os;
                for (int i = 0; i < c.in(); i++) {
                    int xBase = (n * c.in() + i) * s * s;
                    for (int kh = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++) {
                            double wv = w[((o * c.in() + i) * k + kh) * k + kw];
                            wv = abs ? Math.abs(wv) : wv;
                            for (int oh = 0; oh < os; oh++) {
                                int ih = oh + kh - c.pad();
                                if (ih < 0 || ih >= s) {
                                    continue;
                                }
                                for (int ow = 0; ow < os; ow++) {
                                    int iw = ow + kw - c.pad();
                                    if (iw >= 0 && iw < s) {
                                        double xv = x[xBase + ih * s + iw];
                                        y[yBase + oh * os + ow] += wv * (abs ? Math.abs(xv) : xv);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * The errors of {@code result} against the FP64 result of the same inputs.
     *
     * @param relative      normwise: ||C - R||_F / ||R||_F, what the table reports
     * @param componentwise max over outputs of |C - R| / (|A||B|), what the precision's bound
     *                      ({@link Format#dotTolerance}) holds for any inputs
     */
    public record Errors(double relative, double componentwise) {
    }

    /** Errors of an engine's {@code result} for inputs {@code a}, {@code b} (the unrounded FP64 inputs). */
    public static Errors errors(Op op, double[] a, double[] b, double[] result) {
        double[] ref = compute(op, a, b, false);
        double[] mag = compute(op, a, b, true);
        if (result.length != ref.length) {
            throw new IllegalArgumentException("result has " + result.length + " values, " + op.id() + " has "
                    + ref.length);
        }
        double diff = 0;
        double norm = 0;
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = result[i] - ref[i];
            diff += d * d;
            norm += ref[i] * ref[i];
            worst = Math.max(worst, mag[i] == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(d) / mag[i]);
            if (Double.isNaN(d)) {
                return new Errors(Double.NaN, Double.NaN);
            }
        }
        return new Errors(Math.sqrt(diff / norm), worst);
    }
}
