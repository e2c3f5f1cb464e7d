package org.carbonlab.report.study;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.carbonlab.results.TrialMetric;

/** The charts of a tune's page: the race (blocks per candidate) and each candidate's objective against its time. */
final class TuneCharts {

    private TuneCharts() {
    }

    /**
     * The charts: the blocks each candidate ran ({@code tune-race}) and its objective against its wall time, by
     * whether it is in the Pareto set and meets the target ({@code tune-pareto}).
     */
    static List<Charts.Written> draw(java.nio.file.Path dir, StudyTable.Context c, List<TuneReport.Row> rows,
                                     Optional<String> chosen, OptionalDouble target, TrialMetric objective)
            throws java.io.IOException {
        double[] blocks = rows.stream().mapToDouble(TuneReport.Row::blocks).toArray();
        Charts.Written race = Charts.bars(dir, "tune-race", "Blocks each candidate ran before it left or the race"
                + " ended", "blocks", rows.stream().map(r -> c.shortLabel(r.name())).toList(), blocks,
                new double[blocks.length]);
        Map<String, double[][]> groups = new java.util.LinkedHashMap<>();
        groups.put("chosen", points(rows, r -> chosen.equals(Optional.of(r.name()))));
        groups.put("Pareto set (energy, time, accuracy)", points(rows, r -> r.pareto()
                && !chosen.equals(Optional.of(r.name()))));
        groups.put("meets the target", points(rows, r -> !r.pareto() && !chosen.equals(Optional.of(r.name()))
                && (target.isEmpty() || r.accuracy().mean() >= target.getAsDouble())));
        groups.put("misses the target", points(rows, r -> !r.pareto() && target.isPresent()
                && !(r.accuracy().mean() >= target.getAsDouble())));
        Charts.Written pareto = Charts.scatter(dir, "tune-pareto", objective.label() + " against wall time, per"
                + " candidate (means)", "wall time (s)", objective.label() + " (" + objective.unit() + ")", groups);
        return List.of(pareto, race);
    }

    private static double[][] points(List<TuneReport.Row> rows, java.util.function.Predicate<TuneReport.Row> in) {
        List<TuneReport.Row> p = rows.stream().filter(in).filter(r -> Double.isFinite(r.objective().mean())).toList();
        return new double[][] {p.stream().mapToDouble(r -> r.wall().mean()).toArray(),
            p.stream().mapToDouble(r -> r.objective().mean()).toArray()};
    }
}
