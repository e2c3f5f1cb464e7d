package org.carbonlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;

/**
 * What a study shows, in words, before any table: per variant, its energy per trial against the baseline's as a
 * ratio with its 95 % CI and a verdict ("less energy", "more energy", "no difference shown"), and the same for test
 * accuracy; and the forest plot of every ratio ({@link ForestPlot}). The page's first block and the top of
 * {@code summary.md}.
 */
final class Findings {

    /** The forest plot's file under the run directory. */
    static final String FOREST = "charts/forest.svg";

    private Findings() {
    }

    /** The Markdown block: a heading, one sentence per variant, the forest plot. */
    static String markdown(StudyTable t) {
        StringBuilder sb = new StringBuilder("## What this study shows\n\n");
        sentences(t).forEach(s -> sb.append("- ").append(s).append('\n'));
        if (t.context().variants().size() > 1) {
            sb.append("\n![Forest plot: every variant/baseline ratio with its 95 % CI, log scale](" + FOREST + ")\n");
        }
        return sb.append('\n').toString();
    }

    /** One sentence per variant other than the baseline (one for a study of one variant). */
    static List<String> sentences(StudyTable t) {
        StudyTable.Context c = t.context();
        StudyTable.Metric energy = t.metrics().get(0);
        StudyTable.Metric accuracy = t.metrics().stream().filter(m -> m.id().equals("test_accuracy")).findFirst()
                .orElse(null);
        List<String> out = new ArrayList<>();
        if (c.variants().size() == 1) {
            Summary s = t.cell(c.variants().get(0), energy).summary();
            out.add("One variant, " + c.label(c.variants().get(0)) + ": nothing is compared; energy per trial "
                    + (s.n() == 0 ? "n/a (no ok trial)" : number(s.mean()) + " J" + ci(s.ciLow(), s.ciHigh())
                    + " over " + s.n() + " trials"));
            return out;
        }
        for (String v : c.variants()) {
            if (v.equals(c.baseline())) {
                continue;
            }
            Comparison e = t.cell(v, energy).vsBaseline();
            StringBuilder sb = new StringBuilder("**").append(c.label(v)).append("**");
            if (e.variant().n() == 0 || e.baseline().n() == 0) {
                out.add(sb.append(": no ok trials to compare with ").append(c.label(c.baseline())).toString());
                continue;
            }
            sb.append(" needs **").append(number(e.ratio())).append("x**").append(ci(e.ratioLow(), e.ratioHigh()))
                    .append(" the energy per trial of ").append(c.label(c.baseline())).append(": **")
                    .append(verdict(e, "less energy", "more energy")).append("**");
            Comparison a = accuracy == null ? null : t.cell(v, accuracy).vsBaseline();
            if (a == null || a.variant().n() == 0 || a.baseline().n() == 0) {
                sb.append("; test accuracy n/a");
            } else {
                sb.append("; test accuracy ").append(number(a.variant().mean())).append(" against ")
                        .append(number(a.baseline().mean())).append(" (").append(number(a.ratio())).append("x")
                        .append(ci(a.ratioLow(), a.ratioHigh())).append("): ")
                        .append(verdict(a, "lower accuracy", "higher accuracy"));
            }
            out.add(sb.append(" (").append(e.variant().n()).append(" and ").append(e.baseline().n())
                    .append(" trials)").toString());
        }
        return out;
    }

    /** The verdict of a ratio's CI: below 1, above 1, or including it. */
    static String verdict(Comparison k, String below, String above) {
        if (Double.isNaN(k.ratioLow()) || Double.isNaN(k.ratioHigh())) {
            return "too few trials for an interval";
        }
        return k.ratioHigh() < 1 ? below : k.ratioLow() > 1 ? above : "no difference shown";
    }

    private static String ci(double lo, double hi) {
        return Double.isNaN(lo) || Double.isNaN(hi) ? "" : " [" + number(lo) + ", " + number(hi) + "]";
    }

    /** A ratio or a figure in words: three significant digits, whole above 100, no trailing zeros; NaN is n/a. */
    static String number(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, Math.abs(x) >= 100 ? "%.0f" : "%.3g", x)
                .replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
