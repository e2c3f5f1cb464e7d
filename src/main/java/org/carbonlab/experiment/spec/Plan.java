package org.carbonlab.experiment.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.carbonlab.results.TrialRecord;
import org.carbonlab.util.UserException;

/**
 * The trials of a study in the order they run: its warm-up trials, then the variant matrix (the product of the spec's
 * variant lists) times the repetitions (an adaptive study plans its most blocks and may stop before them),
 * counterbalanced (the variants in order in odd blocks and in reverse in even ones: A B, B A, ..., ABBA for two, so a
 * steady drift of the machine within a block cancels over each pair of blocks), interleaved (A B, A B, ...: the
 * baseline always first, which a drift biases) or in randomised blocks (each repetition's variants in a seeded random
 * order), so drift in the machine (temperature, background load) spreads over all variants alike.
 *
 * @param spec   the study
 * @param trials every trial, in run order
 */
public record Plan(ExperimentSpec spec, List<Trial> trials) {

    /**
     * One row of the matrix.
     *
     * @param name     {@code key=value} pairs of the varied keys, space-separated ({@code all} without variants)
     * @param values   the varied keys' values
     * @param settings the workload with those values applied
     */
    public record Variant(String name, Map<String, String> values, TrialSettings settings) {
    }

    /**
     * One trial.
     *
     * @param index      1-based position in the run order
     * @param id         {@code t001}, ... (names its trace)
     * @param variant    what it trains
     * @param repetition 1-based repetition of its variant, i.e. its block; 0 for a warm-up trial
     * @param seed       its training seed ({@code spec.seed + repetition - 1}: the same in every variant; a warm-up
     *                   trains with the first repetition's)
     */
    public record Trial(int index, String id, Variant variant, int repetition, long seed) {

        /** Whether it is a warm-up: run first, recorded, never counted. */
        public boolean warmup() {
            return repetition == 0;
        }
    }

    /** Plans {@code spec}. */
    public static Plan of(ExperimentSpec spec) {
        List<Variant> variants = candidates(spec);
        List<Trial> trials = new ArrayList<>();
        for (int w = 0; w < spec.design().warmup(); w++) { // in the study's order, before any block
            for (Variant v : variants) {
                if (spec.tune().isPresent() && !v.name().equals(spec.baseline())) {
                    continue; // a tune warms the machine with its default, not every candidate
                }
                int index = trials.size() + 1;
                trials.add(new Trial(index, String.format("t%03d", index), v, 0, spec.seed()));
            }
        }
        for (int r = 1; r <= spec.repetitions(); r++) {
            List<Variant> block = new ArrayList<>(variants);
            if (spec.order() == org.carbonlab.stats.RunOrder.RANDOMISED) {
                Collections.shuffle(block, new Random(spec.orderSeed() * 1_000_003L + r));
            } else if (spec.order() == org.carbonlab.stats.RunOrder.COUNTERBALANCED && r % 2 == 0) {
                Collections.reverse(block);
            }
            for (Variant v : block) {
                int index = trials.size() + 1;
                trials.add(new Trial(index, String.format("t%03d", index), v, r, spec.seed() + r - 1));
            }
        }
        return new Plan(spec, List.copyOf(trials));
    }

    /** A variant's name: its keys and values, {@code key=value key=value}, or {@code all} for none. */
    static String name(Map<String, String> row) {
        return row.isEmpty() ? "all" : String.join(" ", row.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** The variant matrix in document order (the last key varies fastest); each combination checked. */
    public static List<Variant> variants(ExperimentSpec spec) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(new LinkedHashMap<>());
        if (!spec.rows().isEmpty()) {
            rows = spec.rows();
        }
        for (Map.Entry<String, List<String>> e : spec.variants().entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> row : rows) {
                for (String v : e.getValue()) {
                    Map<String, String> r = new LinkedHashMap<>(row);
                    r.put(e.getKey(), v);
                    next.add(r);
                }
            }
            rows = next;
        }
        List<Variant> out = new ArrayList<>();
        for (Map<String, String> row : rows) {
            TrialSettings s = spec.workload();
            for (Map.Entry<String, String> e : row.entrySet()) {
                if (!e.getKey().startsWith(SlurmSettings.PREFIX)) { // placements are the submitter's, not training's
                    s = s.with(e.getKey(), e.getValue());
                }
            }
            String name = name(row);
            try {
                s.requireConsistent();
            } catch (IllegalArgumentException | UserException e) {
                throw new UserException("variant '" + name + "': " + e.getMessage(), e);
            }
            out.add(new Variant(name, Collections.unmodifiableMap(row), s));
        }
        return List.copyOf(out);
    }

    /** The trials without a finished record in {@code done} (trial id to its last record): what a resume runs. */
    public List<Trial> unfinished(Map<String, TrialRecord> done) {
        return trials.stream().filter(t -> !(done.containsKey(t.id()) && done.get(t.id()).status().finished()))
                .toList();
    }

    /** The variant called {@code name}. */
    public Variant variant(String name) {
        return trials.stream().map(Trial::variant).filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserException("no variant '" + name + "' in " + spec.name()));
    }

    /** The distinct variants in matrix order (a tune's sampled candidates). */
    public List<Variant> variantList() {
        return candidates(spec);
    }

    /**
     * The variants that run: all of them, or for a tune whose first blocks of every candidate would take more than
     * half its trial budget, a sample in matrix order: the default and as many others, drawn with the spec's seed,
     * as leave the first blocks half the budget ({@link #sampled} says how many the grid has).
     */
    public static List<Variant> candidates(ExperimentSpec spec) {
        List<Variant> all = variants(spec);
        int keep = sampleSize(spec, all.size());
        if (keep >= all.size()) {
            return all;
        }
        List<Variant> others = new ArrayList<>(all.stream().filter(v -> !v.name().equals(spec.baseline())).toList());
        Collections.shuffle(others, new Random(spec.seed()));
        java.util.Set<String> chosen = new java.util.HashSet<>();
        chosen.add(spec.baseline());
        others.subList(0, keep - 1).forEach(v -> chosen.add(v.name()));
        return all.stream().filter(v -> chosen.contains(v.name())).toList();
    }

    /** How many of {@code grid} candidates a tune of {@code spec} runs (all where its budget allows). */
    static int sampleSize(ExperimentSpec spec, int grid) {
        return spec.tune().filter(t -> t.budget() != null && t.budget().trials() != null).map(t -> {
            int room = (t.budget().trials() - spec.design().warmup()) / 2 / t.blocks().first();
            return Math.max(2, Math.min(grid, room));
        }).orElse(grid);
    }

    /** The grid's size where a tune sampled it (empty: every variant runs). */
    public java.util.OptionalInt sampled() {
        int grid = variants(spec).size();
        return candidates(spec).size() < grid ? java.util.OptionalInt.of(grid) : java.util.OptionalInt.empty();
    }
}
