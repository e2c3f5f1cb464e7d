package org.carbonlab.report.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;

/**
 * What a study shows, in words, before any table: per variant, its energy per trial against the baseline's as a
 * ratio with its 95 % CI (paired by block) and a verdict ("less energy", "more energy", "no difference shown"), test
 * accuracy as a difference in points with its verdict, a family-wise note where several variants face one baseline;
 * and the forest plot of every ratio ({@link ForestPlot}). The page's first block and the top of
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
            sb.append(" needs **").append(Effects.estimate(e, energy)).append("** ").append(Effects.inline(e, energy))
                    .append(" the energy per trial of ").append(c.label(c.baseline())).append(": **")
                    .append(energyVerdict(t, e)).append("**").append(saving(e));
            Comparison a = accuracy == null ? null : t.cell(v, accuracy).vsBaseline();
            if (a == null || a.variant().n() == 0 || a.baseline().n() == 0) {
                sb.append("; test accuracy n/a");
            } else {
                sb.append("; test accuracy ").append(number(a.variant().mean())).append(" against ")
                        .append(number(a.baseline().mean())).append(" (").append(Effects.withInterval(a, accuracy))
                        .append("): ")
                        .append(Effects.verdict(a, "lower accuracy", "higher accuracy"));
            }
            out.add(sb.append(" (").append(e.variant().n()).append(" and ").append(e.baseline().n())
                    .append(" trials").append(e.isPaired() ? ", paired by block" : "").append(")").toString());
        }
        family(t, energy).ifPresent(out::add);
        return out;
    }

    /**
     * The energy verdict: less, more, or, where the interval includes 1, whether it also lies within the adaptive
     * design's half-width h, [1 / (1 + h), 1 + h]: "equivalent within +-h" (two one-sided tests at 2.5 % each, the
     * 95 % interval inside the margin), else "no difference shown" (unsure: neither a difference nor its absence).
     */
    static String energyVerdict(StudyTable t, Comparison e) {
        String v = Effects.verdict(e, "less energy", "more energy");
        double h = t.context().halfWidth();
        if (v.equals("no difference shown") && e.scale() == Comparison.Scale.RATIO && h > 0
                && e.interval().low() >= 1 / (1 + h) && e.interval().high() <= 1 + h) {
            return String.format(Locale.ROOT, "equivalent within +-%.0f %%", 100 * h);
        }
        return v;
    }

    /** A shown saving or excess as a percentage with its interval: " (uses 69 % less, 95 % CI 67 to 71 %)". */
    private static String saving(Comparison e) {
        if (!e.significant() || e.scale() != Comparison.Scale.RATIO) {
            return "";
        }
        double r = e.interval().estimate();
        boolean less = r < 1;
        double a = less ? 1 - e.interval().high() : e.interval().low() - 1;
        double b = less ? 1 - e.interval().low() : e.interval().high() - 1;
        return String.format(Locale.ROOT, " (uses %.0f %% %s, 95 %% CI %.0f to %.0f %%)", 100 * Math.abs(1 - r),
                less ? "less" : "more", 100 * a, 100 * b);
    }

    /**
     * Where several variants face one baseline, each verdict is at the 95 % level on its own: the chance that some
     * variant shows a difference none has grows with their number. Holm's step-down procedure on the paired tests'
     * p-values says which energy verdicts stand at a family-wise 5 %.
     */
    static java.util.Optional<String> family(StudyTable t, StudyTable.Metric energy) {
        StudyTable.Context c = t.context();
        List<String> others = c.variants().stream().filter(v -> !v.equals(c.baseline())).toList();
        if (others.size() < 2) {
            return java.util.Optional.empty();
        }
        List<String> order = new ArrayList<>(others.stream().filter(v -> !Double.isNaN(p(t, v, energy))).toList());
        order.sort(java.util.Comparator.comparingDouble(v -> p(t, v, energy)));
        List<String> stand = new ArrayList<>();
        for (int i = 0; i < order.size() && p(t, order.get(i), energy) <= 0.05 / (order.size() - i); i++) {
            stand.add(c.shortLabel(order.get(i)));
        }
        int k = others.size();
        return java.util.Optional.of(String.format(Locale.ROOT, "%d variants against one baseline: each verdict holds"
                + " at 95 %% on its own, and if none differed, some would still show a difference up to %.0f %% of the"
                + " time (1 - 0.95^%d); at a family-wise 5 %% (Holm, on the paired tests' p), the energy difference"
                + " stands for %s", k, 100 * (1 - Math.pow(0.95, k)), k, stand.isEmpty() ? "none of them"
                : String.join(", ", stand)));
    }

    private static double p(StudyTable t, String v, StudyTable.Metric m) {
        return t.cell(v, m).vsBaseline().p();
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
