package org.carbonlab.report.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.carbonlab.results.TrialRecord;
import org.carbonlab.stats.Summary;

/** The charts of a study: energy per variant, accuracy against energy, and one power trace per variant. */
final class StudyCharts {

    private StudyCharts() {
    }

    /**
     * Whether charts can be drawn here: XChart and java.desktop; a slim runtime (the GPU kit) has neither. Asked
     * here, not in {@link Charts}, whose loading alone needs XChart.
     */
    static boolean drawable() {
        try {
            return ModuleLayer.boot().findModule("java.desktop").isPresent()
                    && Class.forName("org.knowm.xchart.XYChart", false, StudyCharts.class.getClassLoader()) != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Draws the run's charts into {@code charts/}, each as PNG and SVG. */
    static List<Charts.Written> draw(Path runDir, StudyTable t) throws IOException {
        StudyTable.Context c = t.context();
        List<TrialRecord> trials = t.trials();
        List<StudyTable.Metric> metrics = t.metrics();
        System.setProperty("java.awt.headless", "true");
        Path dir = runDir.resolve("charts");
        Files.createDirectories(dir);
        StudyTable.Metric energy = metrics.get(0);
        StudyTable.Metric accuracy = metrics.stream().filter(m -> m.id().equals("test_accuracy")).findFirst().orElseThrow();
        double[] means = new double[c.variants().size()];
        double[] half = new double[c.variants().size()];
        List<double[][]> points = new ArrayList<>();
        for (int i = 0; i < c.variants().size(); i++) {
            String v = c.variants().get(i);
            Summary s = t.cell(v, energy).summary();
            means[i] = s.mean();
            half[i] = s.ciHigh() - s.mean();
            List<TrialRecord> ok = trials.stream().filter(r -> r.ok() && r.variant().equals(v)).toList();
            points.add(new double[][] {ok.stream().mapToDouble(energy.values()).toArray(),
                ok.stream().mapToDouble(accuracy.values()).toArray()});
        }
        List<Charts.Written> out = new ArrayList<>();
        out.add(Charts.bars(dir, "energy", "Energy per trial (mean, 95 % CI)", "energy per trial (J)",
                c.variants().stream().map(c::shortLabel).toList(), means, half));
        out.add(Charts.pareto(dir, c.variants(), points));
        for (int i = 0; i < c.variants().size(); i++) {
            String v = c.variants().get(i);
            java.util.Optional<TrialRecord> first = trials.stream().filter(r -> r.ok() && r.variant().equals(v))
                    .findFirst();
            if (first.isPresent() && Files.isRegularFile(runDir.resolve("power").resolve(first.get().id() + ".csv"))) {
                out.add(Charts.trace(dir, "power-trace-" + (i + 1), runDir.resolve("power")
                        .resolve(first.get().id() + ".csv"), first.get().id() + ", " + v));
            }
        }
        return out;
    }
}
