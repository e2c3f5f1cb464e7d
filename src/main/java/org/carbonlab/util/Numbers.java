package org.carbonlab.util;

import java.util.Locale;

/**
 * How every report and command writes a number: one place, so the same figure reads the same in a summary, a
 * table and a terminal. For people: about four significant digits ({@link #people}) or a fixed number of
 * decimals ({@link #fixed}); for machines: the shortest exact decimal ({@link #machine}, {@link #plain}).
 */
public final class Numbers {

    private Numbers() {
    }

    /** For people: about four significant digits, thousands separated, {@code n/a} when unknown. */
    public static String people(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "n/a" : x > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(x);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.3f", x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /** For people: three significant digits below 100, whole and thousands-separated above. */
    public static String rounded(double x) {
        return x >= 100 ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%.3g", x);
    }

    /** For people: {@code decimals} decimals, {@code n/a} when unknown. */
    public static String fixed(double x, int decimals) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /**
     * A positive fraction from {@code 4%} or {@code 0.04}; {@code what} names the option or key in the error.
     *
     * @throws org.carbonlab.util.UserException where {@code text} is no positive number
     */
    public static double fraction(String text, String what) {
        String t = text.trim();
        boolean pct = t.endsWith("%");
        double f;
        try {
            f = Double.parseDouble(pct ? t.substring(0, t.length() - 1).trim() : t) / (pct ? 100 : 1);
        } catch (NumberFormatException e) {
            f = Double.NaN;
        }
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new UserException(what + ": a positive fraction such as 4% or 0.04, got '" + text + "'");
        }
        return f;
    }

    /** For machines (CSV, JSON text): the shortest exact decimal, empty when unknown. */
    public static String machine(double x) {
        return Double.isFinite(x) ? Double.toString(x) : Double.isNaN(x) ? "" : x > 0 ? "inf" : "-inf";
    }

    /** For machines and people alike: the exact decimal without exponent or trailing zeros ({@code 0.0001}). */
    public static String plain(double x) {
        return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }

    /** For people: at most {@code digits} significant digits, no trailing zeros ({@code 0.381}, {@code 0.475}). */
    public static String significant(double x, int digits) {
        if (!Double.isFinite(x)) {
            return people(x);
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(digits)).stripTrailingZeros()
                .toPlainString();
    }
}
