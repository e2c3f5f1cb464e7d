package org.carbonlab.report.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.carbonlab.stats.Comparison;

/**
 * The forest plot of a study: one row per variant and main metric, the ratio to the baseline as a dot and its 95 %
 * CI as a bar on a log scale, the line of no difference at 1, the figures written beside each row. Plain SVG,
 * written without a charting library (so every runtime draws it, and it regenerates byte for byte).
 */
final class ForestPlot {

    /** The metrics plotted, when a run has them, in this order. */
    static final List<String> METRICS = List.of("energy_per_trial", "training_energy", "wall_time", "test_accuracy");

    private static final int LABEL_W = 330;
    private static final int PLOT_W = 380;
    private static final int TEXT_W = 190;
    private static final int ROW_H = 22;
    private static final int TOP = 40;

    private ForestPlot() {
    }

    /** One row: what it is, the ratio and its CI. */
    private record Row(String label, double ratio, double low, double high) {
    }

    /** The rows to plot: every variant's ratio to the baseline of the plotted metrics, with its interval. */
    private static List<Row> rows(StudyTable t) {
        StudyTable.Context c = t.context();
        List<Row> rows = new ArrayList<>();
        for (String v : c.variants()) {
            if (v.equals(c.baseline())) {
                continue;
            }
            for (StudyTable.Metric m : t.metrics()) {
                if (!METRICS.contains(m.id())) {
                    continue;
                }
                Comparison k = t.cell(v, m).vsBaseline();
                if (k.variant().n() > 0 && k.baseline().n() > 0 && k.scale() == Comparison.Scale.RATIO
                        && k.interval().estimate() > 0) {
                    rows.add(new Row(c.shortLabel(v) + " · " + m.title(), k.interval().estimate(), k.interval().low(),
                            k.interval().high()));
                }
            }
        }
        return rows;
    }

    /** The SVG of {@code t}'s ratios (a plot with no rows says why, for a study of one variant). */
    static String svg(StudyTable t) {
        StudyTable.Context c = t.context();
        List<Row> rows = rows(t);
        double lo = 1;
        double hi = 1;
        for (Row r : rows) {
            lo = Math.min(lo, finite(r.low()) ? r.low() : r.ratio());
            hi = Math.max(hi, finite(r.high()) ? r.high() : r.ratio());
        }
        double a = Math.log(lo / 1.15);
        double b = Math.log(hi * 1.15);
        int height = TOP + ROW_H * Math.max(rows.size(), 1) + 40;
        int width = LABEL_W + PLOT_W + TEXT_W;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width,
                height));
        sb.append(String.format(Locale.ROOT, "<title>Ratios to the baseline (%s), 95 %% CI, log scale</title>%n",
                Html.esc(c.shortLabel(c.baseline()))));
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\" font-weight=\"bold\">Variant / baseline (%s):"
                + " ratio and 95 %% CI (paired by block), log scale</text>%n", Html.esc(c.shortLabel(c.baseline()))));
        if (rows.isEmpty()) {
            sb.append("<text x=\"4\" y=\"60\">No ratio to plot: one variant, or no ok trials on one side.</text>\n");
            return sb.append("</svg>\n").toString();
        }
        int bottom = TOP + ROW_H * rows.size();
        for (double tick : ticks(lo / 1.15, hi * 1.15)) {
            double x = x(tick, a, b);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"%s\"/>%n", x, TOP - 6, x, bottom, tick == 1 ? "#333" : "#ddd", tick == 1
                    ? "1.5" : "1"));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    bottom + 16, Findings.number(tick)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">ratio"
                + " (1: no difference)</text>%n", LABEL_W + PLOT_W / 2, bottom + 32));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + ROW_H * i + ROW_H / 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_W - 8, y + 4, Html.esc(shorten(r.label(), 52))));
            if (finite(r.low()) && finite(r.high())) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                        + " stroke=\"#1f5fa8\" stroke-width=\"2\"/>%n", x(r.low(), a, b), y, x(r.high(), a, b), y));
            }
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"#1f5fa8\"/>%n",
                    x(r.ratio(), a, b), y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s%s</text>%n", LABEL_W + PLOT_W + 8, y + 4,
                    Findings.number(r.ratio()), finite(r.low()) && finite(r.high()) ? " [" + Findings.number(r.low()) + ", " + Findings.number(r.high())
                    + "]" : " (no CI)"));
        }
        return sb.append("</svg>\n").toString();
    }

    private static double x(double v, double a, double b) {
        return LABEL_W + (Math.log(v) - a) / (b - a) * PLOT_W;
    }

    /** Tick values at 1, 2, 5 x powers of ten inside [lo, hi], always with 1. */
    static List<Double> ticks(double lo, double hi) {
        List<Double> out = new ArrayList<>();
        for (int e = -3; e <= 3; e++) {
            for (double m : new double[] {1, 2, 5}) {
                double v = m * Math.pow(10, e);
                if (v >= lo && v <= hi) {
                    out.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)));
                }
            }
        }
        if (out.size() < 3) { // a narrow range: ticks at its ends and 1 as well
            out.add(Double.parseDouble(String.format(Locale.ROOT, "%.2g", lo * 1.05)));
            out.add(Double.parseDouble(String.format(Locale.ROOT, "%.2g", hi / 1.05)));
        }
        return out.stream().distinct().sorted().toList();
    }

    private static boolean finite(double x) {
        return Double.isFinite(x) && x > 0;
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

}
