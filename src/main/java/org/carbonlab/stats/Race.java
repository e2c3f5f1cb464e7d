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
import java.util.Random;
import java.util.Set;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A race among candidate settings for the least objective (energy per trial, say) under constraints: every candidate
 * runs {@code first} blocks (one trial each per block, the same seed in a block), then after each block a candidate
 * leaves when the evidence says it cannot be the answer, and the survivors run more blocks until one is left,
 * {@code max} blocks ran or the budget ends. {@link #run} is the whole loop; the runner feeds it the blocks a study
 * recorded, {@link #simulate} feeds it a known truth with noise, so the loop a simulation checks is the one that runs.
 * <p>
 * A candidate leaves after a block (from block {@code first} on) when
 * <ul>
 * <li>a trial of it failed or gave no objective (or no accuracy where there is a target);</li>
 * <li>its accuracy's interval lies wholly below the target (one-sample t over its blocks);</li>
 * <li>its wall time's interval (geometric mean) lies wholly above {@code max-wall-time};</li>
 * <li>its wall time against the default's (paired log ratios over the blocks both ran) lies wholly above
 * {@code max-slowdown};</li>
 * <li>its objective is worse than the leader's (the survivor with the least mean that meets the constraints by its
 * means): the paired log ratio to the leader, with the residual spread of the block x candidate layout of all
 * survivors' log objectives pooled ((k - 1)(b - 1) degrees of freedom; with two survivors this is the paired t
 * interval itself), lies wholly above 1.</li>
 * </ul>
 * Every interval of a look is taken at the level 1 - (1 - confidence) / m with m the survivors' count (Bonferroni
 * over the look's comparisons). Values that tie give no interval and so no exit, as everywhere in the lab. The
 * choice at the end is the survivor with the least mean log objective among those whose mean accuracy, wall time
 * and slowdown meet the constraints; none when no survivor does: a candidate that misses the target by its mean is
 * never chosen. How sure: the share of block bootstrap resamples in which the chosen one stays the least.
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
        Optional<String> leader = leader(rules, in, dflt, data, b);
        if (b < rules.first() || in.size() < 2) {
            return new Look(b, running, leader, List.copyOf(exits));
        }
        double level = 1 - (1 - rules.confidence()) / in.size();
        Set<String> pool = new LinkedHashSet<>(in); // every constraint test of the look pools the same survivors
        for (String c : pool) {
            constraintExit(rules, c, pool, dflt, data, b, level).ifPresent(e -> {
                exits.add(e);
                in.remove(c);
            });
        }
        leader = leader(rules, in, dflt, data, b);
        if (leader.isPresent() && in.size() >= 2) {
            exits.addAll(worse(in, leader.get(), data, b, 1 - (1 - rules.confidence()) / (in.size() - 1)));
        }
        return new Look(b, running, leader, List.copyOf(exits));
    }

    /** The survivor of {@code in} with the least mean log objective among those whose means meet the constraints. */
    private static Optional<String> leader(Rules rules, Set<String> in, String dflt, Map<String, List<Figures>> data,
                                           int b) {
        return in.stream().filter(c -> meets(rules, c, dflt, data, b))
                .min(Comparator.comparingDouble(c -> meanLog(data.get(c), b, Figures::objective)));
    }

    /** Whether {@code c}'s means over blocks 1..b meet the target, the wall-time limit and the slowdown limit. */
    static boolean meets(Rules rules, String c, String dflt, Map<String, List<Figures>> data, int b) {
        List<Figures> f = data.get(c).subList(0, b);
        if (rules.target().isPresent() && !(mean(f, Figures::accuracy) >= rules.target().getAsDouble())) {
            return false;
        }
        if (rules.maxWall().isPresent() && !(Math.exp(meanLog(f, b, Figures::wall)) <= rules.maxWall().getAsDouble())) {
            return false;
        }
        if (rules.maxSlowdown().isPresent()) {
            double[][] p = pairs(data.get(c), data.get(dflt), b, Figures::wall);
            double r = Math.exp(java.util.Arrays.stream(p[1]).map(Math::log).average().orElse(Double.NaN)
                    - java.util.Arrays.stream(p[0]).map(Math::log).average().orElse(Double.NaN));
            return !(r > rules.maxSlowdown().getAsDouble());
        }
        return true;
    }

    /**
     * Whether {@code c} leaves on a constraint at {@code level}; the exit, if so. Its accuracy's and wall time's
     * intervals take the spread pooled over the survivors {@code in} (each one's own spread over its blocks, k(b - 1)
     * degrees of freedom), as two blocks alone give one degree of freedom.
     */
    private static Optional<Exit> constraintExit(Rules rules, String c, Set<String> in, String dflt,
                                                 Map<String, List<Figures>> data, int b, double level) {
        List<Figures> f = data.get(c).subList(0, b);
        if (rules.target().isPresent()) {
            Interval acc = pooledMean(c, in, data, b, level, Figures::accuracy, false);
            double target = rules.target().getAsDouble();
            if (acc.bounded() && acc.high() < target) {
                return Optional.of(new Exit(c, b, Why.MISSES_TARGET, acc, String.format(Locale.ROOT,
                        "accuracy %.4f [%.4f, %.4f] is below the target %.4f", acc.estimate(), acc.low(), acc.high(),
                        target)));
            }
        }
        if (rules.maxWall().isPresent()) {
            Interval w = pooledMean(c, in, data, b, level, Figures::wall, true);
            if (w.bounded() && w.low() > rules.maxWall().getAsDouble()) {
                return Optional.of(new Exit(c, b, Why.TOO_SLOW, w, String.format(Locale.ROOT,
                        "wall time %.1f s [%.1f, %.1f] is over max-wall-time %.1f s", w.estimate(), w.low(), w.high(),
                        rules.maxWall().getAsDouble())));
            }
        }
        if (rules.maxSlowdown().isPresent() && !c.equals(dflt)) {
            double[][] p = pairs(data.get(c), data.get(dflt), b, Figures::wall);
            Interval s = Comparison.paired(p[0], p[1], Comparison.Scale.RATIO, 0, level).interval();
            if (s.bounded() && s.low() > rules.maxSlowdown().getAsDouble()) {
                return Optional.of(new Exit(c, b, Why.SLOWDOWN, s, String.format(Locale.ROOT,
                        "wall time %.3fx [%.3f, %.3f] the default's is over max-slowdown %.2fx", s.estimate(), s.low(),
                        s.high(), rules.maxSlowdown().getAsDouble())));
            }
        }
        return Optional.empty();
    }

    /**
     * The mean of {@code c}'s figure over blocks 1..b (geometric with {@code log}) with its t interval at
     * {@code level}, the spread pooled over the candidates {@code in}; no interval where every candidate's values tie.
     */
    private static Interval pooledMean(String c, Set<String> in, Map<String, List<Figures>> data, int b, double level,
                                       java.util.function.ToDoubleFunction<Figures> g, boolean log) {
        double ss = 0;
        int df = 0;
        double own = Double.NaN;
        for (String x : in) {
            double[] v = data.get(x).subList(0, b).stream().mapToDouble(g).map(y -> log ? StrictMath.log(y) : y)
                    .toArray();
            double m = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            for (double y : v) {
                ss += (y - m) * (y - m);
            }
            df += v.length - 1;
            if (x.equals(c)) {
                own = m;
            }
        }
        double est = log ? Math.exp(own) : own;
        if (df < 1 || !(ss > 0)) {
            return new Interval(est, Double.NaN, Double.NaN);
        }
        double half = new TDistribution(df).inverseCumulativeProbability(1 - (1 - level) / 2) * Math.sqrt(ss / df)
                / Math.sqrt(b);
        return log ? new Interval(est, Math.exp(own - half), Math.exp(own + half))
                : new Interval(est, own - half, own + half);
    }

    /**
     * The survivors of {@code in} whose objective is worse than {@code leader}'s at {@code level}: the log ratio's
     * interval with the residual spread of the two-way layout (candidates x blocks 1..b) pooled.
     */
    private static List<Exit> worse(Set<String> in, String leader, Map<String, List<Figures>> data, int b,
                                    double level) {
        List<String> cs = List.copyOf(in);
        int k = cs.size();
        double[][] y = new double[k][b];
        double grand = 0;
        double[] rowMean = new double[k];
        double[] colMean = new double[b];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < b; j++) {
                y[i][j] = StrictMath.log(data.get(cs.get(i)).get(j).objective());
                rowMean[i] += y[i][j] / b;
                colMean[j] += y[i][j] / k;
                grand += y[i][j] / (k * b);
            }
        }
        double ss = 0;
        boolean tied = true;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < b; j++) {
                double e = y[i][j] - rowMean[i] - colMean[j] + grand;
                ss += e * e;
                tied &= y[i][j] - y[0][j] == y[i][0] - y[0][0]; // every log ratio the same in every block
            }
        }
        int df = (k - 1) * (b - 1);
        if (tied || df < 1) {
            return List.of(); // tied values: no evidence of the spread, no exit
        }
        double se = Math.sqrt(ss / df) * Math.sqrt(2.0 / b);
        double t = new TDistribution(df).inverseCumulativeProbability(1 - (1 - level) / 2);
        int l = cs.indexOf(leader);
        List<Exit> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double d = rowMean[i] - rowMean[l];
            if (i != l && d - t * se > 0) {
                Interval iv = new Interval(Math.exp(d), Math.exp(d - t * se), Math.exp(d + t * se));
                out.add(new Exit(cs.get(i), b, Why.WORSE, iv, String.format(Locale.ROOT,
                        "%.3fx [%.3f, %.3f] the leader's (%s)", iv.estimate(), iv.low(), iv.high(), leader)));
            }
        }
        return out;
    }

    /** The choice among {@code survivors} after {@code data}'s blocks. */
    static Choice choose(Rules rules, List<String> survivors, String dflt, Map<String, List<Figures>> data,
                         long seed) {
        int b = data.values().iterator().next().size();
        List<String> eligible = survivors.stream().filter(c -> meets(rules, c, dflt, data, b)).toList();
        if (eligible.isEmpty()) {
            return new Choice(Optional.empty(), Double.NaN, survivors.isEmpty() ? "no candidate is left"
                    : "no survivor meets the target and constraints by its mean: none is chosen");
        }
        double[] centre = centred(eligible, data, b, null).get(0);
        String best = eligible.stream().min(Comparator.comparingDouble(c -> centre[eligible.indexOf(c)]))
                .orElseThrow();
        double p = eligible.size() == 1 ? Double.NaN : bootstrap(eligible, best, data, b, seed);
        String words = eligible.size() == 1 ? best + ", the only survivor that meets the constraints"
                : String.format(Locale.ROOT, "%s, the least of %d survivors that meet the constraints (the least in"
                + " %.1f %% of block bootstrap resamples)", best, eligible.size(), 100 * p);
        return new Choice(Optional.of(best), p, words);
    }

    /**
     * Each of {@code cs}'s median over blocks (those of {@code pick}, all of 1..b when null) of its log objective less
     * the block's mean over {@code cs}: the block's drift taken out, and one disturbed trial moves no median. Element
     * 0 of the list holds the medians in {@code cs}'s order.
     */
    private static List<double[]> centred(List<String> cs, Map<String, List<Figures>> data, int b, int[] pick) {
        int[] blocks = pick != null ? pick : java.util.stream.IntStream.range(0, b).toArray();
        double[][] y = new double[cs.size()][blocks.length];
        for (int j = 0; j < blocks.length; j++) {
            double mean = 0;
            for (int i = 0; i < cs.size(); i++) {
                y[i][j] = StrictMath.log(data.get(cs.get(i)).get(blocks[j]).objective());
                mean += y[i][j] / cs.size();
            }
            for (int i = 0; i < cs.size(); i++) {
                y[i][j] -= mean;
            }
        }
        double[] med = new double[cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            med[i] = new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(y[i]);
        }
        return List.of(med);
    }

    /** The share of 2,000 block bootstrap resamples of blocks 1..b in which {@code best} has the least median. */
    private static double bootstrap(List<String> eligible, String best, Map<String, List<Figures>> data, int b,
                                    long seed) {
        Random r = new Random(seed);
        int wins = 0;
        int n = 2000;
        int[] pick = new int[b];
        int at = eligible.indexOf(best);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < b; j++) {
                pick[j] = r.nextInt(b);
            }
            double[] m = centred(eligible, data, b, pick).get(0);
            boolean least = true;
            for (int c = 0; c < m.length; c++) {
                least &= c == at || m[c] > m[at];
            }
            wins += least ? 1 : 0;
        }
        return wins / (double) n;
    }

    /**
     * A candidate's truth in a simulated race.
     *
     * @param name        its name
     * @param objective   its true mean objective (the median of its log-normal trials)
     * @param cv          the spread of its trials (the SD of their log)
     * @param accuracy    its true mean accuracy (NaN: none)
     * @param accuracySd  the SD of its trials' accuracy
     * @param wall        its true wall time, s
     */
    public record Truth(String name, double objective, double cv, double accuracy, double accuracySd, double wall) {
    }

    /**
     * A simulated race's end.
     *
     * @param chosen what it chose
     * @param trials the trials it ran
     * @param blocks the blocks it ran
     */
    public record Simulated(Optional<String> chosen, int trials, int blocks) {
    }

    /**
     * One race of {@code truths} through {@link #run}: each trial's log objective is the truth's plus a block effect
     * (SD {@code blockSd}, shared by the block's trials, as a machine's drift is) plus the candidate's own noise, and
     * with probability {@code outlierShare} a disturbed trial 1.3 to 2x slower and costlier (a busy machine); its
     * accuracy is normal around the truth's.
     */
    public static Simulated simulate(Rules rules, List<Truth> truths, String dflt, double blockSd,
                                     double outlierShare, Budget budget, long seed) {
        Random r = new Random(seed);
        Map<String, Truth> byName = new LinkedHashMap<>();
        truths.forEach(t -> byName.put(t.name(), t));
        int[] trials = {0};
        Blocks blocks = (b, running) -> {
            double beta = blockSd * r.nextGaussian();
            Map<String, Figures> out = new LinkedHashMap<>();
            for (String c : running) {
                Truth t = byName.get(c);
                double slow = r.nextDouble() < outlierShare ? 1.3 + 0.7 * r.nextDouble() : 1;
                double e = Math.exp(beta + t.cv() * r.nextGaussian()) * slow;
                out.put(c, new Figures(t.objective() * e, Double.isNaN(t.accuracy()) ? Double.NaN
                        : t.accuracy() + t.accuracySd() * r.nextGaussian(), t.wall() * e));
            }
            trials[0] += running.size();
            return Optional.of(out);
        };
        Trace trace = run(rules, List.copyOf(byName.keySet()), dflt, blocks, budget, seed);
        return new Simulated(trace.choice().flatMap(Choice::chosen), trials[0], trace.blocks());
    }

    /** The figures of {@code of} and {@code against} in the blocks 1..n both ran (element 0: against's, 1: of's). */
    private static double[][] pairs(List<Figures> of, List<Figures> against, int n,
                                    java.util.function.ToDoubleFunction<Figures> f) {
        List<double[]> p = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Figures x = of.get(j);
            Figures a = against.get(j);
            if (a != null && x != null && f.applyAsDouble(a) > 0 && f.applyAsDouble(x) > 0) {
                p.add(new double[] {f.applyAsDouble(a), f.applyAsDouble(x)});
            }
        }
        return new double[][] {p.stream().mapToDouble(x -> x[0]).toArray(), p.stream().mapToDouble(x -> x[1]).toArray()};
    }

    private static double mean(List<Figures> f, java.util.function.ToDoubleFunction<Figures> g) {
        return f.stream().filter(java.util.Objects::nonNull).mapToDouble(g).average().orElse(Double.NaN);
    }

    private static double meanLog(List<Figures> f, int b, java.util.function.ToDoubleFunction<Figures> g) {
        return f.subList(0, b).stream().filter(java.util.Objects::nonNull).mapToDouble(x -> StrictMath.log(
                g.applyAsDouble(x))).average().orElse(Double.NaN);
    }
}
