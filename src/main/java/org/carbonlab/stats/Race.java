package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A race among candidate settings for the least objective (energy per trial, say) under constraints: every candidate
 * runs {@code first} blocks (one trial each per block, the same seed in a block), then after each block a candidate
 * leaves when the evidence says it cannot be the answer, and the survivors run more blocks until one is left,
 * {@code max} blocks ran or the budget ends. {@link #run} is the whole loop; the runner feeds it the blocks a study
 * recorded, {@link RaceSimulation#simulate} a known truth with noise, so the loop a simulation checks is the one that
 * runs.
 * <p>
 * A candidate leaves after a block (from block {@code first} on) when
 * <ul>
 * <li>a trial of it failed or gave no objective (or no accuracy where there is a target);</li>
 * <li>its accuracy's interval lies wholly below the target (t over its blocks, the spread pooled over the
 * survivors);</li>
 * <li>its wall time's interval (geometric mean, the spread pooled likewise) lies wholly above
 * {@code max-wall-time};</li>
 * <li>its wall time against the default's (paired log ratios over the blocks both ran) lies wholly above
 * {@code max-slowdown};</li>
 * <li>its objective is worse than the leader's (the survivor with the least mean that meets the constraints by its
 * means): the paired log ratio to the leader, with the residual spread of the block x candidate layout of all
 * survivors' log objectives pooled ((k - 1)(b - 1) degrees of freedom; with two survivors this is the paired t
 * interval itself), lies wholly above 1.</li>
 * </ul>
 * Every interval of a look is taken at the level 1 - (1 - confidence) / m with m the survivors' count (Bonferroni
 * over the look's comparisons). Values that tie give no interval and so no exit, as everywhere in the lab. The
 * choice at the end is the survivor with the least median (over blocks, less each block's mean) log objective among
 * those whose mean accuracy, wall time and slowdown meet the constraints; none when no survivor does: a candidate
 * that misses the target by its mean is never chosen. How sure: the share of block bootstrap resamples in which the
 * chosen one stays the least.
 */
public final class Race {

    private Race() {
    }

    /**
     * How the race decides.
     *
     * @param first       blocks every candidate runs before any leaves (at least 2)
     * @param max         most blocks
     * @param confidence  the level of each look's family of intervals (0.95)
     * @param target      the least mean accuracy a chosen candidate must have (empty: none)
     * @param maxWall     the most mean wall time, s (empty: none)
     * @param maxSlowdown the most wall-time ratio to the default (empty: none)
     */
    public record Rules(int first, int max, double confidence, OptionalDouble target, OptionalDouble maxWall,
                        OptionalDouble maxSlowdown) {

        /** Checks the ranges. */
        public Rules {
            if (first < 2 || max < first) {
                throw new IllegalArgumentException("a race needs first >= 2 and max >= first, got first " + first
                        + ", max " + max);
            }
            if (!(confidence > 0.5 && confidence < 1)) {
                throw new IllegalArgumentException("confidence must be in (0.5, 1), got " + confidence);
            }
        }
    }

    /**
     * One trial's figures (NaN: not reported, or the trial failed).
     *
     * @param objective the figure the race minimises (J, s, ...), positive
     * @param accuracy  the accuracy the target bounds (NaN where there is no target)
     * @param wall      the trial's wall time, s
     */
    public record Figures(double objective, double accuracy, double wall) {

        /** A trial that failed: no figures. */
        public static final Figures FAILED = new Figures(Double.NaN, Double.NaN, Double.NaN);
    }

    /** Why a candidate left. */
    public enum Why {
        /** A trial failed or reported no objective (or no accuracy where there is a target). */
        FAILED("failed"),
        /** Its accuracy is below the target. */
        MISSES_TARGET("misses the target"),
        /** Its wall time is above {@code max-wall-time}. */
        TOO_SLOW("over max-wall-time"),
        /** Its wall time against the default's is above {@code max-slowdown}. */
        SLOWDOWN("over max-slowdown"),
        /** Its objective is worse than the leader's. */
        WORSE("worse than the leader");

        private final String words;

        Why(String words) {
            this.words = words;
        }

        /** The reason in a few words. */
        public String words() {
            return words;
        }
    }

    /**
     * A candidate that left.
     *
     * @param candidate its name
     * @param block     the block after which it left
     * @param why       why
     * @param interval  the interval that decided (the ratio to the leader or the default, the accuracy, the wall
     *                  time; {@link Interval#NONE} for a failure)
     * @param words     the decision in words
     */
    public record Exit(String candidate, int block, Why why, Interval interval, String words) {
    }

    /**
     * What one look after a block decided.
     *
     * @param block   the blocks run so far
     * @param running the candidates that ran the block
     * @param leader  the survivor with the least mean that meets the constraints (empty: none does)
     * @param exits   who left, and why
     */
    public record Look(int block, List<String> running, Optional<String> leader, List<Exit> exits) {
    }

    /** How a race ended. */
    public enum End {
        /** One candidate is left (or none: every one left). */
        DECIDED,
        /** The most blocks ran. */
        MAX,
        /** The next block would overrun the budget. */
        BUDGET
    }

    /**
     * Why a race ended.
     *
     * @param end   how
     * @param words why, in words
     */
    public record Stop(End end, String words) {
    }

    /**
     * Where a race stands.
     *
     * @param looks     every look so far, block by block
     * @param survivors who is still in
     * @param blocks    the complete blocks
     * @param stop      why it ended (empty: it waits for block {@code blocks + 1} of the survivors)
     * @param choice    what it chose (present once it ended)
     */
    public record Trace(List<Look> looks, List<String> survivors, int blocks, Optional<Stop> stop,
                        Optional<Choice> choice) {

        /** Whether the race ended. */
        public boolean ended() {
            return stop.isPresent();
        }
    }

    /**
     * The answer.
     *
     * @param chosen  the least survivor that meets the constraints (empty: none does)
     * @param pBest   share of block bootstrap resamples in which {@code chosen} stays the least (NaN: no choice, or
     *                a single survivor, which no resample can unseat)
     * @param words   the choice in words
     */
    public record Choice(Optional<String> chosen, double pBest, String words) {
    }

    /** The blocks a race reads: block {@code b}'s figures of every candidate in {@code running}, once all are in. */
    @FunctionalInterface
    public interface Blocks {
        /** Block {@code b}'s figures by candidate, or empty while any of {@code running} has no finished trial. */
        Optional<Map<String, Figures>> block(int b, List<String> running);
    }

    /** What may stop a race before its next block (a budget of trials, time or energy). */
    @FunctionalInterface
    public interface Budget {
        /** Why block {@code next} of {@code running} candidates would overrun the budget, or empty. */
        Optional<String> refuses(int next, int running);

        /** No budget. */
        Budget NONE = (next, running) -> Optional.empty();
    }

    /**
     * The race of {@code candidates} (the default among them) over the blocks {@code blocks} has so far: every
     * complete block is looked at in turn, so the runner, a resumed run and the report all reach the same trace.
     */
    public static Trace run(Rules rules, List<String> candidates, String dflt, Blocks blocks, Budget budget,
                            long seed) {
        if (!candidates.contains(dflt)) {
            throw new IllegalArgumentException("the default '" + dflt + "' is not a candidate");
        }
        List<String> survivors = new ArrayList<>(candidates);
        Map<String, List<Figures>> data = new LinkedHashMap<>();
        candidates.forEach(c -> data.put(c, new ArrayList<>()));
        List<Look> looks = new ArrayList<>();
        int b = 0;
        Optional<Stop> stop = Optional.empty();
        while (stop.isEmpty()) {
            if (survivors.size() == 1 && b >= rules.first()) {
                stop = Optional.of(new Stop(End.DECIDED, "one candidate left after " + b + " blocks"));
                break;
            }
            if (b >= rules.max()) {
                stop = Optional.of(new Stop(End.MAX, String.format(Locale.ROOT, "the most blocks (%d) ran, %d"
                        + " candidates left", rules.max(), survivors.size())));
                break;
            }
            Optional<String> over = budget.refuses(b + 1, survivors.size());
            if (over.isPresent()) {
                stop = Optional.of(new Stop(End.BUDGET, over.get()));
                break;
            }
            Optional<Map<String, Figures>> next = blocks.block(b + 1, List.copyOf(survivors));
            if (next.isEmpty()) {
                break; // waits for the block
            }
            b++;
            for (String c : survivors) {
                data.get(c).add(next.get().getOrDefault(c, Figures.FAILED));
            }
            for (String c : candidates) {
                if (!survivors.contains(c)) {
                    data.get(c).add(null); // did not run
                }
            }
            Look look = look(rules, List.copyOf(survivors), dflt, data, b);
            looks.add(look);
            look.exits().forEach(e -> survivors.remove(e.candidate()));
            if (survivors.isEmpty()) {
                stop = Optional.of(new Stop(End.DECIDED, "every candidate left after " + b + " blocks"));
            }
        }
        Optional<Choice> choice = stop.map(s -> choose(rules, survivors, dflt, data, seed));
        return new Trace(List.copyOf(looks), List.copyOf(survivors), looks.size(), stop, choice);
    }

    /** The look after block {@code b} at the candidates that ran it. */
    static Look look(Rules rules, List<String> running, String dflt, Map<String, List<Figures>> data, int b) {
        List<Exit> exits = new ArrayList<>();
        Set<String> in = new LinkedHashSet<>();
        for (String c : running) {
            Figures f = data.get(c).get(b - 1);
            if (!(f.objective() > 0) || rules.target().isPresent() && Double.isNaN(f.accuracy())) {
                exits.add(new Exit(c, b, Why.FAILED, Interval.NONE, "its trial in block " + b + " failed or gave no "
                        + (f.objective() > 0 ? "accuracy" : "objective")));
            } else {
                in.add(c);
            }
        }
        Optional<String> leader = RaceIntervals.leader(rules, in, dflt, data, b);
        if (b < rules.first() || in.size() < 2) {
            return new Look(b, running, leader, List.copyOf(exits));
        }
        double level = 1 - (1 - rules.confidence()) / in.size();
        Set<String> pool = new LinkedHashSet<>(in); // every constraint test of the look pools the same survivors
        for (String c : pool) {
            RaceIntervals.constraintExit(rules, c, pool, dflt, data, b, level).ifPresent(e -> {
                exits.add(e);
                in.remove(c);
            });
        }
        leader = RaceIntervals.leader(rules, in, dflt, data, b);
        if (leader.isPresent() && in.size() >= 2) {
            double each = 1 - (1 - rules.confidence()) / (in.size() - 1);
            exits.addAll(RaceIntervals.worse(in, leader.get(), data, b, each));
        }
        return new Look(b, running, leader, List.copyOf(exits));
    }

    /** The choice among {@code survivors} after {@code data}'s blocks. */
    static Choice choose(Rules rules, List<String> survivors, String dflt, Map<String, List<Figures>> data,
                         long seed) {
        int b = data.values().iterator().next().size();
        List<String> eligible = survivors.stream().filter(c -> RaceIntervals.meets(rules, c, dflt, data, b)).toList();
        if (eligible.isEmpty()) {
            return new Choice(Optional.empty(), Double.NaN, survivors.isEmpty() ? "no candidate is left"
                    : "no survivor meets the target and constraints by its mean: none is chosen");
        }
        double[] centre = RaceIntervals.centred(eligible, data, b, null);
        String best = eligible.stream().min(Comparator.comparingDouble(c -> centre[eligible.indexOf(c)]))
                .orElseThrow();
        double p = eligible.size() == 1 ? Double.NaN : RaceIntervals.bootstrap(eligible, best, data, b, seed);
        String words = eligible.size() == 1 ? best + ", the only survivor that meets the constraints"
                : String.format(Locale.ROOT, "%s, the least of %d survivors that meet the constraints (the least in"
                + " %.1f %% of block bootstrap resamples)", best, eligible.size(), 100 * p);
        return new Choice(Optional.of(best), p, words);
    }

    /**
     * A pooled ratio: {@code of} against {@code against} over the blocks both ran, with the race's spread.
     *
     * @param interval   the geometric mean of the block ratios and its interval at the level asked
     * @param blocks     the blocks both ran
     * @param candidates the candidates whose residuals the spread pools (every one that ran those blocks)
     * @param df         its degrees of freedom, (candidates - 1)(blocks - 1)
     */
    public record Pooled(Interval interval, int blocks, int candidates, int df) {
    }

    /**
     * {@code of} against {@code against} as the race compares candidates: the mean log ratio over the blocks both
     * ran, the residual spread of the block x candidate layout of every candidate that ran all of those blocks
     * ({@code byBlock}: each candidate's figure by block, NaN where it did not run), Student's t at {@code level}.
     * With only the two of them it is the paired t interval on the log ratios; tied values give no interval.
     */
    public static Pooled ratio(Map<String, double[]> byBlock, String of, String against, double level) {
        double[] a = byBlock.get(against);
        double[] x = byBlock.get(of);
        List<Integer> common = new ArrayList<>();
        for (int j = 0; j < Math.min(a.length, x.length); j++) {
            if (a[j] > 0 && x[j] > 0) {
                common.add(j);
            }
        }
        List<String> in = byBlock.entrySet().stream().filter(e -> common.stream().allMatch(j -> j < e.getValue()
                .length && e.getValue()[j] > 0)).map(Map.Entry::getKey).toList();
        int n = common.size();
        double d = common.stream().mapToDouble(j -> StrictMath.log(x[j] / a[j])).average().orElse(Double.NaN);
        int df = (in.size() - 1) * (n - 1);
        Map<String, List<Figures>> data = new LinkedHashMap<>();
        for (String c : in) {
            data.put(c, common.stream().map(j -> new Figures(byBlock.get(c)[j], Double.NaN, Double.NaN)).toList());
        }
        double se = df >= 1 ? RaceIntervals.residualSd(data, n) * Math.sqrt(2.0 / n) : Double.NaN;
        if (!(se > 0)) {
            return new Pooled(new Interval(Math.exp(d), Double.NaN, Double.NaN), n, in.size(), Math.max(df, 0));
        }
        double t = Comparison.t(level, df);
        return new Pooled(new Interval(Math.exp(d), Math.exp(d - t * se), Math.exp(d + t * se)), n, in.size(), df);
    }
}
