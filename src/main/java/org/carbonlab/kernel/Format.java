package org.carbonlab.kernel;

import org.carbonlab.util.Names;

/**
 * A binary floating-point number format, described by what rounding into it does: significand bits (with the
 * implicit one), the smallest normal exponent and the largest finite value.
 */
public enum Format {
    /** IEEE binary64: the reference. */
    FP64("fp64", 53, -1022, Double.MAX_VALUE),
    /** IEEE binary32. */
    FP32("fp32", 24, -126, Float.MAX_VALUE),
    /** IEEE binary16. */
    FP16("fp16", 11, -14, 65504),
    /** bfloat16: binary32's range, 8 significand bits. */
    BF16("bf16", 8, -126, 0x1.FEp127);

    private final String id;
    private final int significandBits;
    private final int minExponent;
    private final double max;

    Format(String id, int significandBits, int minExponent, double max) {
        this.id = id;
        this.significandBits = significandBits;
        this.minExponent = minExponent;
        this.max = max;
    }

    /** The spelling in benchmark parameters and results. */
    public String id() {
        return id;
    }

    /** The format named {@code id}, or an error naming the valid ones. */
    public static Format of(String id) {
        return Names.byId(values(), Format::id, id, "number format");
    }

    /** The unit roundoff u = 2^-p: the largest relative error of rounding a normal number to nearest. */
    public double unitRoundoff() {
        return Math.scalb(1.0, -significandBits);
    }

    /** {@code x} rounded to the nearest value of this format (ties to even), subnormals and overflow included. */
    public double round(double x) {
        if (this == FP64 || x == 0 || !Double.isFinite(x)) {
            return x;
        }
        int e = Math.max(Math.getExponent(x), minExponent);
        double ulp = Math.scalb(1.0, e - (significandBits - 1));
        double r = Math.rint(x / ulp) * ulp;
        return Math.abs(r) > max ? Math.copySign(Double.POSITIVE_INFINITY, x) : r;
    }

    /**
     * The tolerance of a dot product of length {@code k} computed in this format from inputs rounded to it:
     * 3u for rounding both inputs and the output, plus Higham's bound on recursive summation,
     * gamma_k = k u / (1 - k u), relative to the sum of absolute products. Infinite where k u reaches 1 (the bound
     * says nothing there).
     */
    public double dotTolerance(long k) {
        double u = unitRoundoff();
        double ku = k * u;
        return ku >= 1 ? Double.POSITIVE_INFINITY : 3 * u + ku / (1 - ku);
    }
}
