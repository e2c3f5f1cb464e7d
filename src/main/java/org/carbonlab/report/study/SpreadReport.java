package org.carbonlab.report.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Segment;
import org.carbonlab.power.WindowEnergy;
import org.carbonlab.results.Blocks;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.stats.VarianceBudget;
import org.carbonlab.util.Numbers;

/**
 * Where a study's spread comes from: per variant, energy per trial and wall time split into the segments its trials'
 * traces mark (start-up, each epoch's training and validation, the test pass, the predictions, the exit; a
 * command's own marks), each segment's mean, CV and share of the variance of the total ({@link VarianceBudget}), and
 * how much of the variance of energy per trial lies between blocks (what pairing removes) against within them.
 * Computed from the raw traces ({@code power/<trial>.csv}), so {@code carbonlab report} regenerates it; a trial whose
 * trace is missing or unreadable is left out of its variant's budget (its {@code n} counts the trials used).
 *
 * @param energy  per variant, the budget of energy per trial (variants without two traced trials are absent)
 * @param time    per variant, the budget of wall time
 * @param between the share of the variance of log energy per trial between blocks (NaN: no two complete blocks)
 */
record SpreadReport(Map<String, VarianceBudget> energy, Map<String, VarianceBudget> time, double between) {

    /** The chart of the energy budget, beside the forest plot. */
    static final String CHART = "charts/variance.svg";

    /** A run without traces with marks: no budget. */
    static final SpreadReport NONE = new SpreadReport(Map.of(), Map.of(), Double.NaN);

    /** The budget of {@code t}'s counted trials from the traces in {@code runDir}. */
    static SpreadReport of(Path runDir, StudyTable t) {
        Map<String, VarianceBudget> energy = new LinkedHashMap<>();
        Map<String, VarianceBudget> time = new LinkedHashMap<>();
        for (String v : t.context().variants()) {
            List<Map<String, double[]>> rows = new ArrayList<>(); // per trial, per segment: {joules, seconds}
            Set<String> names = new LinkedHashSet<>();
            for (TrialRecord r : t.trials()) {
                Path trace = runDir.resolve("power").resolve(r.id() + ".csv");
                if (r.ok() && r.variant().equals(v) && Files.isRegularFile(trace)) {
                    try {
                        Map<String, double[]> row = segments(trace);
                        names.addAll(row.keySet());
                        rows.add(row);
                    } catch (org.carbonlab.power.PowerException e) {
                        // a trace that cannot be read leaves its trial out of the budget, whose n says so
                    }
                }
            }
            if (rows.size() >= 2 && names.size() >= 2) {
                List<String> order = List.copyOf(names);
                energy.put(v, VarianceBudget.of(order, column(rows, order, 0)));
                time.put(v, VarianceBudget.of(order, column(rows, order, 1)));
            }
        }
        int blocks = Blocks.reached(t.trials());
        List<double[]> byVariant = t.context().variants().stream().map(v -> Blocks.sample(t.trials(), v,
                TrialMetric.ENERGY_PER_TRIAL, blocks)).toList();
        double[][] y = new double[blocks][byVariant.size()];
        for (int b = 0; b < blocks; b++) {
            for (int v = 0; v < byVariant.size(); v++) {
                y[b][v] = byVariant.get(v)[b];
            }
        }
        return new SpreadReport(energy, time, VarianceBudget.betweenBlockShare(y));
    }

    /** A trace's segments by name, each {joules, seconds}: the span before the first mark is the start-up. */
    private static Map<String, double[]> segments(Path trace) {
        Map<String, double[]> out = new LinkedHashMap<>();
        List<WindowEnergy> spans = PowerTrace.read(trace).segments();
        for (int i = 0; i < spans.size(); i++) {
            WindowEnergy w = spans.get(i);
            String name = i == 0 ? "start-up" : Segment.parse(w.label()).map(Segment::title).orElse(w.label());
            double j = w.total().isKnown() ? w.total().joules() : Double.NaN;
            out.merge(name, new double[] {j, w.durationSeconds()}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        }
        return out;
    }

    private static List<double[]> column(List<Map<String, double[]>> rows, List<String> names, int which) {
        return rows.stream().map(r -> names.stream().mapToDouble(n -> r.containsKey(n) ? r.get(n)[which] : 0)
                .toArray()).toList();
    }

    /** Whether any variant has a budget. */
    boolean any() {
        return !energy.isEmpty();
    }

    /**
     * The line of "How conclusive" that names each variant's dominant segment of energy per trial, and what a large
     * spread points at (empty without a budget).
     */
    List<String> dominantLines() {
        List<String> out = new ArrayList<>();
        energy.forEach((v, b) -> b.dominant().ifPresent(p -> out.add(String.format(Locale.ROOT,
                "%s: the segment '%s' carries %s of the variance of energy per trial (CV %s; the segment's own CV %s)%s",
                v, p.name(), pct(p.share()), pct(b.cv()), pct(p.cv()), switch (large(b)) {
                    case WHOLE_TRIAL -> String.format(Locale.ROOT, "; its large segments vary together (mean"
                            + " correlation %.2f): whole trials ran slower or faster as one, so the cause holds for a"
                            + " whole trial (the host, the clock, the process's allocator or memory), not for one"
                            + " segment", b.together());
                    case ONE_SEGMENT -> " (most of a large spread: quieting this segment narrows every interval)";
                    case NONE -> "";
                }))));
        return out;
    }

    /** The warnings of "How conclusive": per variant with a large spread, where it lies (empty without one). */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        energy.forEach((v, b) -> {
            switch (large(b)) {
                case WHOLE_TRIAL -> out.add(String.format(Locale.ROOT, "%s: energy per trial varies by %s and every"
                        + " large segment with it (mean correlation %.2f): look at what holds for a whole trial (the"
                        + " host, the clock, the process's allocator or memory), not at one segment", v, pct(b.cv()),
                        b.together()));
                case ONE_SEGMENT -> b.dominant().ifPresent(p -> out.add(String.format(Locale.ROOT, "%s: the segment"
                        + " '%s' carries %s of the variance of energy per trial (CV %s): that segment, not the study's"
                        + " length, sets how wide the intervals are", v, p.name(), pct(p.share()), pct(b.cv()))));
                case NONE -> { }
            }
        });
        return out;
    }

    /** Where a large spread lies, if the spread is large at all. */
    private enum Large { NONE, WHOLE_TRIAL, ONE_SEGMENT }

    /**
     * Where a large spread (the total's CV at least {@link DesignReport#LARGE_CV}; a segment that carries most of a
     * 3 % spread is no news) lies: in every large segment at once, trial by trial (a busy host does that, and so does a
     * process-wide state such as glibc's mmap threshold: the budget cannot tell them apart, it says where to look), or
     * mostly in one segment.
     */
    private static Large large(VarianceBudget b) {
        if (!(b.cv() >= DesignReport.LARGE_CV)) {
            return Large.NONE;
        }
        return b.variesTogether() ? Large.WHOLE_TRIAL : b.dominated() ? Large.ONE_SEGMENT : Large.NONE;
    }

    /** The section of {@code summary.md} ("" without a budget). */
    String markdown() {
        if (!any()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Where the spread comes from\n\n");
        sb.append("Each counted trial's energy and wall time split at the marks in its trace; a segment's share is its"
                + " covariance with the trial's total over the total's variance, so the shares add up to 100 % (a"
                + " negative share: the segment moves against the rest).\n\n");
        sb.append("![Variance budget: each segment's share of the variance of energy per trial](" + CHART + ")\n\n");
        sb.append("| variant | segment | energy mean (J) | energy CV | share of energy variance | time mean (s) |"
                + " time CV | share of time variance |\n|---|---|---|---|---|---|---|---|\n");
        energy.forEach((v, e) -> {
            VarianceBudget w = time.get(v);
            for (int i = 0; i < e.parts().size(); i++) {
                VarianceBudget.Part p = e.parts().get(i);
                VarianceBudget.Part q = w.parts().get(i);
                sb.append("| ").append(v).append(" | ").append(p.name()).append(" | ").append(Numbers.people(p.mean()))
                        .append(" | ").append(pct(p.cv())).append(" | ").append(pct(p.share())).append(" | ")
                        .append(Numbers.people(q.mean())).append(" | ").append(pct(q.cv())).append(" | ")
                        .append(pct(q.share())).append(" |\n");
            }
            sb.append("| ").append(v).append(" | **whole trial** (n ").append(e.n()).append(") | ")
                    .append(Numbers.people(e.mean())).append(" | ").append(pct(e.cv())).append(" | 100 % | ")
                    .append(Numbers.people(w.mean())).append(" | ").append(pct(w.cv())).append(" | 100 % |\n");
        });
        if (Double.isFinite(between)) {
            sb.append(String.format(Locale.ROOT, "%nBlocks: %s of the variance of log energy per trial lies between"
                    + " blocks (what pairing trials by block removes from a ratio), %s within them.%n", pct(between),
                    pct(1 - between)));
        }
        return sb.toString();
    }

    /** The budget in {@code summary.json}: per variant, the energy and time budgets, and the block split. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> vs = new LinkedHashMap<>();
        energy.forEach((v, e) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("dominant_energy_segment", e.dominant().map(VarianceBudget.Part::name).orElse(null));
            one.put("energy_per_trial", budget(e));
            one.put("wall_time", budget(time.get(v)));
            vs.put(v, one);
        });
        m.put("variants", vs);
        m.put("between_blocks_share_of_log_energy_variance", org.carbonlab.results.Json.known(between));
        return m;
    }

    private static Map<String, Object> budget(VarianceBudget b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", b.n());
        m.put("mean", org.carbonlab.results.Json.known(b.mean()));
        m.put("cv", org.carbonlab.results.Json.known(b.cv()));
        m.put("large_segments_correlation", org.carbonlab.results.Json.known(b.together()));
        List<Map<String, Object>> parts = new ArrayList<>();
        for (VarianceBudget.Part p : b.parts()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("segment", p.name());
            q.put("mean", org.carbonlab.results.Json.known(p.mean()));
            q.put("cv", org.carbonlab.results.Json.known(p.cv()));
            q.put("share", org.carbonlab.results.Json.known(p.share()));
            parts.add(q);
        }
        m.put("segments", parts);
        return m;
    }

    /** The energy budget as a plain SVG: per variant a bar of the segments' shares, negative ones left of zero. */
    String svg() {
        String[] colours = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
            "#9c755f", "#bab0ac"};
        List<String> names = new ArrayList<>(new LinkedHashSet<>(energy.values().stream().flatMap(b -> b.parts()
                .stream().map(VarianceBudget.Part::name)).toList()));
        int labelW = 200;
        int barW = 500;
        int rowH = 28;
        double lo = Math.min(0, energy.values().stream().flatMap(b -> b.parts().stream()).mapToDouble(p ->
                Double.isFinite(p.share()) ? Math.min(0, p.share()) : 0).sum());
        double hi = Math.max(1, energy.values().stream().mapToDouble(b -> b.parts().stream().mapToDouble(p ->
                Double.isFinite(p.share()) ? Math.max(0, p.share()) : 0).sum()).max().orElse(1));
        int axisY = 36 + rowH * energy.size();
        int height = axisY + 34 + 18 * ((names.size() + 2) / 3);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", labelW + barW + 40,
                height));
        sb.append("<text x=\"10\" y=\"18\" font-size=\"14\">Share of the variance of energy per trial, by segment"
                + "</text>\n");
        java.util.function.DoubleUnaryOperator x = f -> labelW + (f - lo) / (hi - lo) * barW;
        int row = 0;
        for (Map.Entry<String, VarianceBudget> e : energy.entrySet()) {
            int y = 32 + row++ * rowH;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelW - 8, y + 16, Html.esc(e.getKey())));
            double pos = 0;
            double neg = 0;
            for (VarianceBudget.Part p : e.getValue().parts()) {
                if (!Double.isFinite(p.share()) || p.share() == 0) {
                    continue;
                }
                double from = p.share() > 0 ? pos : neg + p.share();
                if (p.share() > 0) {
                    pos += p.share();
                } else {
                    neg += p.share();
                }
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\""
                        + " fill=\"%s\"><title>%s: %s</title></rect>%n", x.applyAsDouble(from), y + 2,
                        Math.abs(p.share()) / (hi - lo) * barW, colours[names.indexOf(p.name()) % colours.length],
                        Html.esc(p.name()), pct(p.share())));
            }
        }
        for (double tick : lo < 0 ? new double[] {lo, 0, 0.5, 1} : new double[] {0, 0.5, 1}) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"28\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\""
                    + " stroke-dasharray=\"2,2\"/>%n<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x.applyAsDouble(tick), x.applyAsDouble(tick), axisY, x.applyAsDouble(tick), axisY + 14,
                    pct(tick)));
        }
        for (int i = 0; i < names.size(); i++) {
            int lx = 10 + (i % 3) * 240;
            int ly = axisY + 30 + (i / 3) * 18;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly - 10, colours[i % colours.length], lx + 16, ly,
                    Html.esc(names.get(i))));
        }
        return sb.append("</svg>\n").toString();
    }

    /** A fraction in whole percent ("n/a" where unknown; no "-0 %"). */
    private static String pct(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.0f %%", Math.abs(100 * f) < 0.5 ? 0 : 100 * f)
                : "n/a";
    }
}
