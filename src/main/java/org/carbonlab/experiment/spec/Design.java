package org.carbonlab.experiment.spec;

import org.carbonlab.results.StudyDefinition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carbonlab.experiment.spec.YamlTree.Mapping;
import org.carbonlab.experiment.spec.YamlTree.Node;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.stats.Certificate;
import org.carbonlab.stats.StoppingRule;
import org.carbonlab.util.Durations;

/**
 * How a study repeats its trials: warm-up trials first (never counted), then blocks of one trial per variant, a fixed
 * number of them or, with {@code until}, as many as it takes (between {@code min} and {@code max}) for every
 * variant/baseline ratio's 95 % CI to be tight enough; an optional budget of time or energy; and the quiet-machine
 * gate before each trial. The spec keys {@code warmup}, {@code repetitions}, {@code budget} and {@code quiet}.
 *
 * @param warmup       warm-up trials per variant, run before the first block
 * @param minBlocks    fewest blocks (equal to {@code maxBlocks} for a fixed number)
 * @param maxBlocks    most blocks
 * @param until        the stopping rule's metric and relative half-width (empty: a fixed number of blocks)
 * @param budgetTime   stop before a block that would take the trials' wall time past this (empty: none)
 * @param budgetJoules stop before a block that would take the trials' energy past this (NaN: none)
 * @param quietMaxWait how long to wait before each trial for the machine to be quiet (zero: no gate)
 */
public record Design(int warmup, int minBlocks, int maxBlocks, Optional<Until> until, Optional<Duration> budgetTime,
                     double budgetJoules, Duration quietMaxWait) {

    /** Keys of {@code repetitions} as a mapping. */
    public static final List<String> REPETITION_KEYS = List.of("min", "max", "until");
    /** Keys of {@code repetitions.until}. */
    public static final List<String> UNTIL_KEYS = List.of("metric", "half-width");
    /** Keys of {@code budget}. */
    public static final List<String> BUDGET_KEYS = org.carbonlab.results.Json.fields(StudyDefinition.Budget.class);
    /** Keys of {@code quiet}. */
    public static final List<String> QUIET_KEYS = org.carbonlab.results.Json.fields(StudyDefinition.Quiet.class);

    private static final Pattern ENERGY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(J|kJ|MJ|Wh|kWh)");

    /**
     * The stopping rule's target.
     *
     * @param metric    the per-trial figure whose ratios must be tight
     * @param halfWidth the largest half-width of each ratio's 95 % CI, as a fraction of the ratio
     */
    public record Until(TrialMetric metric, double halfWidth) {
    }

    /** Today's design: {@code n} blocks, no warm-up, no budget, no gate. */
    public static Design fixed(int n) {
        return new Design(0, n, n, Optional.empty(), Optional.empty(), Double.NaN, Duration.ZERO);
    }

    /** This design as a tune's race runs it: up to {@code tune}'s most blocks, its budget being the race's. */
    Design racing(org.carbonlab.results.TuneDefinition tune) {
        return new Design(warmup, tune.blocks().first(), tune.blocks().max(), Optional.empty(), Optional.empty(),
                Double.NaN, quietMaxWait);
    }

    /** Whether the number of blocks is decided as the study runs. */
    public boolean adaptive() {
        return until.isPresent();
    }

    /** The stopping rule of an adaptive design. */
    public StoppingRule rule() {
        return new StoppingRule(minBlocks, maxBlocks, until.orElseThrow().halfWidth());
    }

    /**
     * This design as {@link Certificate} simulates it, for {@code variants} variants in {@code order}; a fixed
     * design's target half-width is 10 %, what its certificate counts as tight.
     */
    public Certificate.Design simulated(int variants, org.carbonlab.stats.RunOrder order) {
        return new Certificate.Design(variants, minBlocks, maxBlocks,
                until.map(Until::halfWidth).orElse(Defaults.HALF_WIDTH),
                adaptive() ? Certificate.Rule.TWO_STAGE : Certificate.Rule.FIXED, order);
    }

    /** Reads {@code warmup}, {@code repetitions}, {@code budget} and {@code quiet} from the spec's top level. */
    static Design parse(Mapping top) {
        int warmup = ExperimentSpec.optional(top, "warmup").map(n -> ExperimentSpec.integer(n, "warmup", 0, 100))
                .orElse(Defaults.WARMUP);
        int min = Defaults.REPETITIONS;
        int max = Defaults.REPETITIONS;
        Optional<Until> until = Optional.empty();
        Optional<Node> reps = ExperimentSpec.optional(top, "repetitions");
        if (reps.isPresent() && reps.get() instanceof Mapping rm) {
            ExperimentSpec.requireKnown(rm, REPETITION_KEYS, "repetitions");
            min = ExperimentSpec.optional(rm, "min").map(n -> ExperimentSpec.integer(n, "repetitions.min", 2, 10_000))
                    .orElse(Defaults.ADAPTIVE_MIN);
            int lo = min;
            max = ExperimentSpec.optional(rm, "max").map(n -> ExperimentSpec.integer(n, "repetitions.max", lo,
                    10_000)).orElse(Math.max(min, Defaults.ADAPTIVE_MAX));
            Node u = rm.entries().get("until");
            if (u == null) {
                throw new SpecException(rm.at(), "repetitions as a range needs until: {metric: energy-per-trial,"
                        + " half-width: 10%}; for a fixed number write repetitions: N");
            }
            Mapping um = ExperimentSpec.mapping(u, "repetitions.until");
            ExperimentSpec.requireKnown(um, UNTIL_KEYS, "repetitions.until");
            TrialMetric metric = ExperimentSpec.optional(um, "metric").map(n -> ExperimentSpec.at(n, "",
                    () -> TrialMetric.of(ExperimentSpec.text(n, "repetitions.until.metric"))))
                    .orElse(Defaults.UNTIL_METRIC);
            double hw = ExperimentSpec.optional(um, "half-width").map(Design::fraction).orElse(Defaults.HALF_WIDTH);
            until = Optional.of(new Until(metric, hw));
        } else if (reps.isPresent()) {
            min = ExperimentSpec.integer(reps.get(), "repetitions", 1, 10_000);
            max = min;
        }
        Optional<Duration> time = Optional.empty();
        double joules = Double.NaN;
        Optional<Node> b = ExperimentSpec.optional(top, "budget");
        if (b.isPresent()) {
            Mapping bm = ExperimentSpec.mapping(b.get(), "budget");
            ExperimentSpec.requireKnown(bm, BUDGET_KEYS, "budget");
            if (until.isEmpty()) {
                throw new SpecException(bm.at(), "a budget stops an adaptive study early; with a fixed number of"
                        + " repetitions it would silently drop blocks: give repetitions {min, max, until} or remove"
                        + " budget");
            }
            time = ExperimentSpec.optional(bm, "time").map(n -> ExperimentSpec.at(n, "budget.time: ",
                    () -> Durations.parse(ExperimentSpec.text(n, "budget.time"))));
            joules = ExperimentSpec.optional(bm, "energy").map(Design::energy).orElse(Double.NaN);
        }
        Duration quiet = Duration.ZERO;
        Optional<Node> q = ExperimentSpec.optional(top, "quiet");
        if (q.isPresent()) {
            Mapping qm = ExperimentSpec.mapping(q.get(), "quiet");
            ExperimentSpec.requireKnown(qm, QUIET_KEYS, "quiet");
            quiet = ExperimentSpec.optional(qm, "max-wait").map(n -> ExperimentSpec.at(n, "quiet.max-wait: ",
                    () -> Durations.parse(ExperimentSpec.text(n, "quiet.max-wait")))).orElse(Defaults.QUIET_MAX_WAIT);
        }
        return new Design(warmup, min, max, until, time, joules, quiet);
    }

    /** A fraction written as {@code 10%} or {@code 0.1}. */
    private static double fraction(Node n) {
        String t = ExperimentSpec.text(n, "repetitions.until.half-width").trim();
        double f = ExperimentSpec.at(n, "", () -> t.endsWith("%")
                ? SettingValues.number("half-width", t.substring(0, t.length() - 1).trim()) / 100
                : SettingValues.number("half-width", t));
        if (!(f > 0 && f < 1)) {
            throw new SpecException(n.at(), "repetitions.until.half-width is a fraction of the ratio such as 10% or"
                    + " 0.1, got " + t);
        }
        return f;
    }

    /** Joules from {@code 50kJ}, {@code 2 Wh}, {@code 1.5 kWh}, ... */
    private static double energy(Node n) {
        return energy(n, "budget.energy");
    }

    /** Joules of the energy {@code key} written as {@code 50kJ}, {@code 2 Wh}, {@code 1.5 kWh}, ... */
    static double energy(Node n, String key) {
        String t = ExperimentSpec.text(n, key).trim();
        Matcher m = ENERGY.matcher(t);
        if (!m.matches()) {
            throw new SpecException(n.at(), key + " must be a number and a unit (J, kJ, MJ, Wh, kWh),"
                    + " e.g. 50kJ; got " + t);
        }
        double v = Double.parseDouble(m.group(1));
        return v * switch (m.group(2)) {
            case "kJ" -> 1e3;
            case "MJ" -> 1e6;
            case "Wh" -> 3600;
            case "kWh" -> 3.6e6;
            default -> 1;
        };
    }

    /** The repetitions as the study's definition records them. */
    StudyDefinition.Repetitions repetitionsDefinition() {
        return until.map(u -> StudyDefinition.Repetitions.adaptive(minBlocks, maxBlocks, u.metric().id(),
                u.halfWidth())).orElse(StudyDefinition.Repetitions.fixed(maxBlocks));
    }

    /** The budget as the study's definition records it (null: none). */
    StudyDefinition.Budget budgetDefinition() {
        return budgetTime.isEmpty() && Double.isNaN(budgetJoules) ? null : new StudyDefinition.Budget(
                budgetTime.map(java.time.Duration::toString).orElse(null),
                Double.isNaN(budgetJoules) ? null : String.format(Locale.ROOT, "%sJ", budgetJoules));
    }

    /** The wait for a quiet machine as the study's definition records it (null: none). */
    StudyDefinition.Quiet quietDefinition() {
        return quietMaxWait.isZero() ? null : new StudyDefinition.Quiet(quietMaxWait.toString());
    }
}
