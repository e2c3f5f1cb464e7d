package org.carbonlab.report.study;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import org.carbonlab.power.Channel;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Segment;
import org.carbonlab.power.Reading;
import org.carbonlab.power.Tick;

/**
 * The study charts, each as PNG and SVG (XChart): energy per variant with 95 % CI bars, a trial's power trace with
 * its epoch marks, and accuracy against energy with the Pareto front of the variant means. Only the run's files go
 * in, so regenerating them gives the same bytes.
 */
public final class Charts {

    /** A chart whose PNG and SVG files were written: {@code charts/NAME.png} and {@code charts/NAME.svg}. */
    record Written(String name, String title) {
    }

    private Charts() {
    }

    /**
     * What a bar chart draws: a bar per finite figure (a missing figure is no bar, never a bar of 0; the title names
     * it), an error bar of 0 where the half-width is missing.
     *
     * @param title  the chart's title
     * @param labels the bars' labels
     * @param values their heights
     * @param errors their error bars' half-widths
     */
    record Bars(String title, List<String> labels, List<Double> values, List<Double> errors) {

        static Bars of(String title, List<String> labels, double[] means, double[] halfWidths) {
            List<String> shown = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (Double.isFinite(means[i])) {
                    shown.add(labels.get(i));
                    values.add(means[i]);
                    errors.add(Double.isFinite(halfWidths[i]) ? halfWidths[i] : 0.0);
                } else {
                    missing.add(labels.get(i));
                }
            }
            if (shown.isEmpty()) {
                shown.add("no figure");
                values.add(0.0);
                errors.add(0.0);
            }
            return new Bars(missing.isEmpty() ? title : title + " (no figure: " + String.join(", ", missing) + ")",
                    shown, values, errors);
        }
    }

    /** A bar per label: the mean with its 95 % CI half-width as an error bar (0 where unknown). */
    public static Written bars(Path dir, String name, String title, String yTitle, List<String> labels, double[] means,
                        double[] halfWidths) throws IOException {
        Bars b = Bars.of(title, labels, means, halfWidths);
        List<String> shown = b.labels();
        CategoryChart c = new CategoryChartBuilder().width(800).height(450).title(b.title()).xAxisTitle("")
                .yAxisTitle(yTitle).build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        int longest = shown.stream().mapToInt(String::length).max().orElse(0);
        // a bold axis label takes up to ~9 px a character, and the plot ~620 px of the 800: rotate before they touch
        if (shown.size() > 4 || longest * 9 > 620 / Math.max(shown.size(), 1)) {
            c.getStyler().setXAxisLabelRotation(shown.size() > 4 || longest > 40 ? 45 : 20);
        }
        c.addSeries("value", shown, b.values(), b.errors());
        return write(dir, name, title, c);
    }

    /** Columns of a drawn trace (its chart is 800 pixels wide). */
    static final int TRACE_COLUMNS = 1000;
    /** More epochs than this and their start lines would hide the trace: only inference is marked then. */
    static final int MAX_LINES = 100;

    /**
     * Total power of one trial's trace against time (min/max per column: {@link #minMax}), a vertical line at each
     * epoch's start (up to {@value #MAX_LINES} epochs) and at inference.
     */
    static Written trace(Path dir, String name, Path traceFile, String title) throws IOException {
        PowerTrace.Contents t = PowerTrace.read(traceFile);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        long t0 = t.ticks().isEmpty() ? 0 : t.ticks().get(0).monotonicNanos();
        for (Tick tick : t.ticks()) {
            double sum = 0;
            boolean any = false;
            for (int i = 0; i < t.channels().size(); i++) {
                Channel ch = t.channels().get(i);
                Reading r = tick.readings().get(i);
                if (ch.inTotal() && r.ok() && Double.isFinite(r.powerWatts())) {
                    sum += r.powerWatts();
                    any = true;
                }
            }
            if (any) {
                x.add((tick.monotonicNanos() - t0) / 1e9);
                y.add(sum);
            }
        }
        XYChart c = new XYChartBuilder().width(800).height(400).title(title).xAxisTitle("seconds since the trial"
                + " started").yAxisTitle("power (W)").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        List<double[]> points = minMax(x, y, TRACE_COLUMNS);
        c.addSeries("power", points.stream().map(p -> p[0]).toList(), points.stream().map(p -> p[1]).toList())
                .setMarker(SeriesMarkers.NONE);
        boolean epochLines = t.marks().stream().filter(m -> m.segment().filter(s -> s.kind() == Segment.Kind.TRAIN)
                .isPresent()).count() <= MAX_LINES;
        double top = y.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        for (PowerTrace.Mark m : t.marks()) {
            Segment.Kind kind = m.segment().map(Segment::kind).orElse(null);
            if ((epochLines && kind == Segment.Kind.TRAIN) || kind == Segment.Kind.INFERENCE) {
                double at = (m.monotonicNanos() - t0) / 1e9;
                c.addAnnotation(new AnnotationLine(at, true, false));
                String label = kind == Segment.Kind.TRAIN ? "epoch " + m.segment().get().number() : "inference";
                c.addAnnotation(new org.knowm.xchart.AnnotationText(label, at, top, false));
            }
        }
        return write(dir, name, "Power trace (" + title + "); vertical lines: each epoch's start and inference's",
                c);
    }

    /**
     * Test accuracy against energy per trial, one series per variant, and the Pareto front of the variant means
     * (no other variant both cheaper and more accurate).
     */
    static Written pareto(Path dir, List<String> variants, List<double[][]> points) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(450).title("Accuracy against energy")
                .xAxisTitle("energy per trial (J)").yAxisTitle("test accuracy").build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        List<double[]> means = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            double[][] p = points.get(i);
            if (p[0].length == 0) {
                continue;
            }
            c.addSeries(variants.get(i), p[0], p[1]);
            means.add(new double[] {mean(p[0]), mean(p[1])});
        }
        List<double[]> front = front(means);
        if (!front.isEmpty()) {
            XYSeries s = c.addSeries("Pareto front (variant means)", front.stream().mapToDouble(d -> d[0]).toArray(),
                    front.stream().mapToDouble(d -> d[1]).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        return write(dir, "accuracy-energy", "Accuracy against energy", c);
    }

    /** Points in named groups (each {x[], y[]}), one series per group; an empty group is left out. */
    static Written scatter(Path dir, String name, String title, String xTitle, String yTitle,
                           java.util.Map<String, double[][]> groups) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        groups.forEach((g, p) -> {
            if (p[0].length > 0) {
                c.addSeries(g, p[0], p[1]);
            }
        });
        return write(dir, name, title, c);
    }

    /** The points no other point beats in both energy (lower) and accuracy (higher), by rising energy. */
    static List<double[]> front(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points.stream().filter(p -> Double.isFinite(p[0])
                && Double.isFinite(p[1])).toList());
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> -p[1]));
        List<double[]> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : sorted) {
            if (p[1] > best) {
                out.add(p);
                best = p[1];
            }
        }
        return out;
    }

    /**
     * Keeps a trace drawable: per column of equal time, the samples with the lowest and the highest power, in time
     * order (at most {@code 2 * columns} points; every peak and trough survives, the raw trace stays the data).
     */
    static List<double[]> minMax(List<Double> x, List<Double> y, int columns) {
        List<double[]> out = new ArrayList<>();
        if (x.size() <= 2 * columns) {
            for (int i = 0; i < x.size(); i++) {
                out.add(new double[] {x.get(i), y.get(i)});
            }
            return out;
        }
        double from = x.get(0);
        double width = (x.get(x.size() - 1) - from) / columns;
        int i = 0;
        while (i < x.size()) {
            long column = width > 0 ? Math.min(columns - 1, (long) ((x.get(i) - from) / width)) : 0;
            int lo = i;
            int hi = i;
            int j = i;
            for (; j < x.size() && (width > 0 ? Math.min(columns - 1, (long) ((x.get(j) - from) / width)) : 0)
                    == column; j++) {
                lo = y.get(j) < y.get(lo) ? j : lo;
                hi = y.get(j) > y.get(hi) ? j : hi;
            }
            out.add(new double[] {x.get(Math.min(lo, hi)), y.get(Math.min(lo, hi))});
            if (lo != hi) {
                out.add(new double[] {x.get(Math.max(lo, hi)), y.get(Math.max(lo, hi))});
            }
            i = j;
        }
        return out;
    }

    private static void style(Chart<? extends org.knowm.xchart.style.AxesChartStyler, ?> c) {
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setAntiAlias(true);
        c.getStyler().setLocale(Locale.ROOT);
    }

    private static Written write(Path dir, String name, String title, Chart<?, ?> c) throws IOException {
        BitmapEncoder.saveBitmap(c, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(c, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Files.write(dir.resolve(name + ".svg"), svg.toByteArray());
        return new Written(name, title);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
