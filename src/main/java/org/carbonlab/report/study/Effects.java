package org.carbonlab.report.study;

import java.util.Set;

import org.carbonlab.stats.Comparison;
import org.carbonlab.util.Numbers;

/**
 * A comparison with the baseline in words, the same on every page: a ratio as {@code 0.712x}, a difference of an
 * accuracy in percentage points ({@code -5.8 pt}, fractions times 100), an interval as {@code [low, high]}, and what
 * takes the place of an interval that is not there ("no interval", "unbounded").
 */
final class Effects {

    private Effects() {
    }

    /** The estimate: {@code 0.712x}, or a difference with its unit ({@code -5.8 pt}). */
    static String estimate(Comparison k, StudyTable.Metric m) {
        double x = k.interval().estimate();
        if (k.scale() == Comparison.Scale.RATIO) {
            return Numbers.people(x) + "x";
        }
        return signed(x * factor(m)) + " " + unit(m);
    }

    /** The interval in the estimate's terms, or in parentheses that there is none (within a sentence). */
    static String inline(Comparison k, StudyTable.Metric m) {
        String i = interval(k, m);
        return i.startsWith("[") ? i : "(" + i + ")";
    }

    /** The estimate with its interval: {@code -2.17 pt [-4.97, +0.621]}, or {@code 0 pt, no interval}. */
    static String withInterval(Comparison k, StudyTable.Metric m) {
        String i = interval(k, m);
        return estimate(k, m) + (i.startsWith("[") ? " " : ", ") + i;
    }

    /** The interval in the estimate's terms, or why there is none. */
    static String interval(Comparison k, StudyTable.Metric m) {
        return interval(k.interval().low(), k.interval().high(), k.scale() == Comparison.Scale.RATIO ? 1 : factor(m),
                k.scale() == Comparison.Scale.DIFFERENCE);
    }

    /** The unpaired estimate and interval (ratio or difference of means). */
    static String unpaired(Comparison k, StudyTable.Metric m) {
        boolean diff = k.scale() == Comparison.Scale.DIFFERENCE;
        double f = diff ? factor(m) : 1;
        double e = k.unpaired().estimate() * f;
        return (diff ? signed(e) : Numbers.people(e)) + " " + interval(k.unpaired().low(), k.unpaired().high(), f, diff);
    }

    private static String interval(double low, double high, double f, boolean signed) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return "no interval";
        }
        if (Double.isInfinite(low) || Double.isInfinite(high)) {
            return "unbounded";
        }
        return "[" + (signed ? signed(low * f) : Numbers.people(low * f)) + ", " + (signed ? signed(high * f)
                : Numbers.people(high * f)) + "]";
    }

    /** The verdict of the deciding interval: below "no difference", above it, or including it. */
    static String verdict(Comparison k, String below, String above) {
        if (!k.interval().present()) {
            return "no verdict";
        }
        if (!k.interval().bounded()) {
            return "unbounded interval, no verdict";
        }
        double none = k.scale().none();
        return k.interval().high() < none ? below : k.interval().low() > none ? above : "no difference shown";
    }

    /** Whether a difference of {@code m} is shown in points. */
    private static boolean points(StudyTable.Metric m) {
        return Set.of("", "%").contains(m.unit());
    }

    private static double factor(StudyTable.Metric m) {
        return m.unit().isEmpty() ? 100 : 1; // a fraction in points; a percentage is already
    }

    private static String unit(StudyTable.Metric m) {
        return points(m) ? "pt" : m.unit();
    }

    private static String signed(double x) {
        return (x > 0 ? "+" : "") + Findings.number(x);
    }
}
