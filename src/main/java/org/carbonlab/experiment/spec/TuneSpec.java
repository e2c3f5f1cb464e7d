package org.carbonlab.experiment.spec;

import java.time.Duration;
import java.util.List;

import org.carbonlab.experiment.spec.YamlTree.Mapping;
import org.carbonlab.experiment.spec.YamlTree.Node;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.results.TuneDefinition;

import static org.carbonlab.experiment.spec.ExperimentSpec.duration;
import static org.carbonlab.experiment.spec.ExperimentSpec.integer;
import static org.carbonlab.experiment.spec.ExperimentSpec.mapping;
import static org.carbonlab.experiment.spec.ExperimentSpec.number;
import static org.carbonlab.experiment.spec.ExperimentSpec.optional;
import static org.carbonlab.experiment.spec.ExperimentSpec.requireKnown;
import static org.carbonlab.experiment.spec.ExperimentSpec.text;

/**
 * A spec's {@code tune:} section ({@code carbonlab tune}), checked with its positions: what a race minimises, the
 * target, the constraints, its blocks and budget. Every refusal names {@code file:line:column}.
 */
final class TuneSpec {

    /** Keys of {@code tune}. */
    static final List<String> KEYS = org.carbonlab.results.Json.fields(TuneDefinition.class);
    /** The objectives a race can minimise: the per-trial costs. */
    static final List<String> OBJECTIVES = List.of(TrialMetric.ENERGY_PER_TRIAL.id(), TrialMetric.TRAINING_ENERGY.id(),
            TrialMetric.WALL_TIME.id(), TrialMetric.INFERENCE_ENERGY.id());
    /** The top-level keys a tune replaces with its own. */
    static final List<String> REPLACED = List.of("repetitions", "budget");

    private TuneSpec() {
    }

    /**
     * Reads {@code tune} of {@code top}, whose study has {@code candidates} variants and {@code warmup} warm-up
     * trials.
     */
    static TuneDefinition parse(Mapping top, Node tune, int candidates, int warmup) {
        Mapping m = mapping(tune, "tune");
        requireKnown(m, KEYS, "tune");
        for (String k : REPLACED) {
            if (top.keys().containsKey(k)) {
                throw new SpecException(top.keys().get(k), "a tune's blocks and budget are tune.blocks and"
                        + " tune.budget; remove the top-level '" + k + "'");
            }
        }
        if (candidates < 2) {
            throw new SpecException(top.entries().containsKey("variants") ? top.entries().get("variants").at()
                    : m.at(), "a tune needs at least two candidates under variants (it has " + candidates + ")");
        }
        Node on = m.entries().get("objective");
        if (on == null) {
            throw new SpecException(m.at(), "tune needs 'objective': what the race minimises, one of "
                    + String.join(", ", OBJECTIVES));
        }
        String objective = text(on, "tune.objective");
        if (!OBJECTIVES.contains(objective)) {
            throw new SpecException(on.at(), "tune.objective '" + objective + "' is not a cost the race can minimise;"
                    + " valid: " + String.join(", ", OBJECTIVES) + (objective.equals(TrialMetric.TEST_ACCURACY.id())
                    ? " (an accuracy is a target: tune.target: {metric: test-accuracy, at-least: 0.85})" : ""));
        }
        TuneDefinition.Target target = optional(m, "target").map(TuneSpec::target).orElse(null);
        TuneDefinition.Constraints constraints = optional(m, "constraints").map(TuneSpec::constraints)
                .orElse(new TuneDefinition.Constraints(null, null));
        TuneDefinition.Blocks blocks = optional(m, "blocks").map(TuneSpec::blocks)
                .orElse(new TuneDefinition.Blocks(Defaults.TUNE_FIRST, Defaults.TUNE_MAX));
        double confidence = optional(m, "confidence").map(n -> {
            double c = number(n, "tune.confidence");
            if (!(c > 0.5 && c < 1)) {
                throw new SpecException(n.at(), "tune.confidence is a level in (0.5, 1), e.g. 0.95; got " + c);
            }
            return c;
        }).orElse(Defaults.TUNE_CONFIDENCE);
        TuneDefinition.Budget budget = optional(m, "budget").map(n -> budget(n, blocks.first(), warmup)).orElse(null);
        return new TuneDefinition(objective, target, constraints, blocks, confidence, budget);
    }

    private static TuneDefinition.Target target(Node n) {
        Mapping t = mapping(n, "tune.target");
        requireKnown(t, List.of("metric", "at-least"), "tune.target");
        String metric = optional(t, "metric").map(x -> {
            String id = text(x, "tune.target.metric");
            if (!id.equals(TrialMetric.TEST_ACCURACY.id())) {
                throw new SpecException(x.at(), "tune.target.metric '" + id + "': a target is an accuracy to reach;"
                        + " valid: " + TrialMetric.TEST_ACCURACY.id());
            }
            return id;
        }).orElse(TrialMetric.TEST_ACCURACY.id());
        Node a = t.entries().get("at-least");
        if (a == null) {
            throw new SpecException(t.at(), "tune.target needs 'at-least': the accuracy a chosen setting reaches,"
                    + " e.g. 0.85");
        }
        double v = number(a, "tune.target.at-least");
        if (!(v > 0 && v <= 1)) {
            throw new SpecException(a.at(), "tune.target.at-least " + text(a, "") + " is unreachable: an accuracy is a"
                    + " fraction in (0, 1], e.g. 0.85");
        }
        return new TuneDefinition.Target(metric, v);
    }

    private static TuneDefinition.Constraints constraints(Node n) {
        Mapping c = mapping(n, "tune.constraints");
        requireKnown(c, List.of("max-wall-time", "max-slowdown"), "tune.constraints");
        String wall = optional(c, "max-wall-time").map(x -> {
            Duration d = duration(x, "tune.constraints.max-wall-time");
            if (d.isZero()) {
                throw new SpecException(x.at(), "tune.constraints.max-wall-time must be above 0");
            }
            return d.toString();
        }).orElse(null);
        Double slowdown = optional(c, "max-slowdown").map(x -> {
            double s = number(x, "tune.constraints.max-slowdown");
            if (!(s >= 1)) {
                throw new SpecException(x.at(), "tune.constraints.max-slowdown is a ratio to the default's wall time,"
                        + " at least 1 (1.5: at most 50 % slower); got " + s);
            }
            return s;
        }).orElse(null);
        return new TuneDefinition.Constraints(wall, slowdown);
    }

    private static TuneDefinition.Blocks blocks(Node n) {
        Mapping b = mapping(n, "tune.blocks");
        requireKnown(b, List.of("first", "max"), "tune.blocks");
        int first = optional(b, "first").map(x -> integer(x, "tune.blocks.first", 2, 100)).orElse(Defaults.TUNE_FIRST);
        int max = optional(b, "max").map(x -> integer(x, "tune.blocks.max", first, 1000)).orElse(Math.max(first,
                Defaults.TUNE_MAX));
        return new TuneDefinition.Blocks(first, max);
    }

    private static TuneDefinition.Budget budget(Node n, int first, int warmup) {
        Mapping b = mapping(n, "tune.budget");
        requireKnown(b, List.of("trials", "time", "energy"), "tune.budget");
        Integer trials = optional(b, "trials").map(x -> {
            int t = integer(x, "tune.budget.trials", 1, 1_000_000);
            int least = warmup + 2 * first;
            if (t < least) {
                throw new SpecException(x.at(), "tune.budget.trials " + t + " is too small for one block of the race:"
                        + (warmup > 0 ? " " + warmup + " warm-up trial" + (warmup == 1 ? "" : "s") + " and" : "")
                        + " the first " + first + " blocks of the default and one other candidate take " + least);
            }
            return t;
        }).orElse(null);
        String time = optional(b, "time").map(x -> {
            Duration d = duration(x, "tune.budget.time");
            if (d.isZero()) {
                throw new SpecException(x.at(), "tune.budget.time is too small for one block of the race: 0");
            }
            return d.toString();
        }).orElse(null);
        Double energy = optional(b, "energy").map(x -> {
            double j = Design.energy(x, "tune.budget.energy");
            if (!(j > 0)) {
                throw new SpecException(x.at(), "tune.budget.energy is too small for one block of the race: 0");
            }
            return j;
        }).orElse(null);
        return new TuneDefinition.Budget(trials, time, energy);
    }
}
