package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;


/**
 * What a {@link Race}'s look computes: the leader, whether a candidate meets the constraints by its means, the
 * intervals that take a candidate out (a constraint's with the spread pooled over the survivors, the objective's
 * against the leader from the block x candidate layout), and the choice's medians and bootstrap.
 */
final class RaceIntervals {

    private RaceIntervals() {
    }

    /** The survivor of {@code in} with the least mean log objective among those whose means meet the constraints. */
    static Optional<String> leader(Race.Rules rules, Set<String> in, String dflt,
                                   Map<String, List<Race.Figures>> data, int b) {
        return in.stream().filter(c -> meets(rules, c, dflt, data, b))
                .min(Comparator.comparingDouble(c -> meanLog(data.get(c), b, Race.Figures::objective)));
    }

    /**
     * The residual SD of the block x candidate layout of {@code data}'s log objectives over blocks 1..b (every
     * candidate ran them all): (k - 1)(b - 1) degrees of freedom; exactly 0 where every log ratio is the same in
     * every block (tied values).
     */
    static double residualSd(Map<String, List<Race.Figures>> data, int b) {
        List<String> cs = List.copyOf(data.keySet());
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
                tied &= y[i][j] - y[0][j] == y[i][0] - y[0][0];
            }
        }
        return tied ? 0 : Math.sqrt(ss / ((k - 1) * (b - 1)));
    }

    /** Whether {@code c}'s means over blocks 1..b meet the target, the wall-time limit and the slowdown limit. */
    static boolean meets(Race.Rules rules, String c, String dflt, Map<String, List<Race.Figures>> data, int b) {
        List<Race.Figures> f = data.get(c).subList(0, b);
        if (rules.target().isPresent() && !(mean(f, Race.Figures::accuracy) >= rules.target().getAsDouble())) {
            return false;
        }
        if (rules.maxWall().isPresent()
                && !(Math.exp(meanLog(f, b, Race.Figures::wall)) <= rules.maxWall().getAsDouble())) {
            return false;
        }
        if (rules.maxSlowdown().isPresent()) {
            double[][] p = pairs(data.get(c), data.get(dflt), b, Race.Figures::wall);
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
    static Optional<Race.Exit> constraintExit(Race.Rules rules, String c, Set<String> in, String dflt,
                                          Map<String, List<Race.Figures>> data, int b, double level) {
        if (rules.target().isPresent()) {
            Interval acc = pooledMean(c, in, data, b, level, Race.Figures::accuracy, false);
            double target = rules.target().getAsDouble();
            if (acc.bounded() && acc.high() < target) {
                return Optional.of(new Race.Exit(c, b, Race.Why.MISSES_TARGET, acc, String.format(Locale.ROOT,
                        "accuracy %.4f [%.4f, %.4f] is below the target %.4f", acc.estimate(), acc.low(), acc.high(),
                        target)));
            }
        }
        if (rules.maxWall().isPresent()) {
            Interval w = pooledMean(c, in, data, b, level, Race.Figures::wall, true);
            if (w.bounded() && w.low() > rules.maxWall().getAsDouble()) {
                return Optional.of(new Race.Exit(c, b, Race.Why.TOO_SLOW, w, String.format(Locale.ROOT,
                        "wall time %.1f s [%.1f, %.1f] is over max-wall-time %.1f s", w.estimate(), w.low(), w.high(),
                        rules.maxWall().getAsDouble())));
            }
        }
        if (rules.maxSlowdown().isPresent() && !c.equals(dflt)) {
            double[][] p = pairs(data.get(c), data.get(dflt), b, Race.Figures::wall);
            Interval s = Comparison.paired(p[0], p[1], Comparison.Scale.RATIO, 0, level).interval();
            if (s.bounded() && s.low() > rules.maxSlowdown().getAsDouble()) {
                return Optional.of(new Race.Exit(c, b, Race.Why.SLOWDOWN, s, String.format(Locale.ROOT,
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
    static Interval pooledMean(String c, Set<String> in, Map<String, List<Race.Figures>> data, int b, double level,
                               java.util.function.ToDoubleFunction<Race.Figures> g, boolean log) {
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
        double half = Comparison.t(level, df) * Math.sqrt(ss / df) / Math.sqrt(b);
        return log ? new Interval(est, Math.exp(own - half), Math.exp(own + half))
                : new Interval(est, own - half, own + half);
    }

    /**
     * The survivors of {@code in} whose objective is worse than {@code leader}'s at {@code level}: the log ratio's
     * interval with the residual spread of the two-way layout (candidates x blocks 1..b) pooled.
     */
    static List<Race.Exit> worse(Set<String> in, String leader, Map<String, List<Race.Figures>> data, int b,
                                 double level) {
        List<String> cs = List.copyOf(in);
        int k = cs.size();
        double[] rowMean = new double[k];
        for (int i = 0; i < k; i++) {
            rowMean[i] = meanLog(data.get(cs.get(i)), b, Race.Figures::objective);
        }
        int df = (k - 1) * (b - 1);
        Map<String, List<Race.Figures>> sub = new java.util.LinkedHashMap<>();
        cs.forEach(c -> sub.put(c, data.get(c).subList(0, b)));
        double sd = df >= 1 ? residualSd(sub, b) : Double.NaN;
        if (!(sd > 0)) {
            return List.of(); // tied values: no evidence of the spread, no exit
        }
        double se = sd * Math.sqrt(2.0 / b);
        double t = Comparison.t(level, df);
        int l = cs.indexOf(leader);
        List<Race.Exit> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double d = rowMean[i] - rowMean[l];
            if (i != l && d - t * se > 0) {
                Interval iv = new Interval(Math.exp(d), Math.exp(d - t * se), Math.exp(d + t * se));
                out.add(new Race.Exit(cs.get(i), b, Race.Why.WORSE, iv, String.format(Locale.ROOT,
                        "%.3fx [%.3f, %.3f] the leader's (%s)", iv.estimate(), iv.low(), iv.high(), leader)));
            }
        }
        return out;
    }

    /**
     * Each of {@code cs}'s median over blocks (those of {@code pick}, all of 1..b when null) of its log objective less
     * the block's mean over {@code cs}, in {@code cs}'s order: the block's drift taken out, and one disturbed trial
     * moves no median.
     */
    static double[] centred(List<String> cs, Map<String, List<Race.Figures>> data, int b, int[] pick) {
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
        return med;
    }

    /** The share of 2,000 block bootstrap resamples of blocks 1..b in which {@code best} has the least median. */
    static double bootstrap(List<String> eligible, String best, Map<String, List<Race.Figures>> data, int b,
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
            double[] m = centred(eligible, data, b, pick);
            boolean least = true;
            for (int c = 0; c < m.length; c++) {
                least &= c == at || m[c] > m[at];
            }
            wins += least ? 1 : 0;
        }
        return wins / (double) n;
    }

    /** The figures of {@code of} and {@code against} in the blocks 1..n both ran (element 0: against's, 1: of's). */
    static double[][] pairs(List<Race.Figures> of, List<Race.Figures> against, int n,
                            java.util.function.ToDoubleFunction<Race.Figures> f) {
        List<double[]> p = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Race.Figures x = of.get(j);
            Race.Figures a = against.get(j);
            if (a != null && x != null && f.applyAsDouble(a) > 0 && f.applyAsDouble(x) > 0) {
                p.add(new double[] {f.applyAsDouble(a), f.applyAsDouble(x)});
            }
        }
        return new double[][] {p.stream().mapToDouble(x -> x[0]).toArray(),
            p.stream().mapToDouble(x -> x[1]).toArray()};
    }

    static double mean(List<Race.Figures> f, java.util.function.ToDoubleFunction<Race.Figures> g) {
        return f.stream().filter(java.util.Objects::nonNull).mapToDouble(g).average().orElse(Double.NaN);
    }

    static double meanLog(List<Race.Figures> f, int b, java.util.function.ToDoubleFunction<Race.Figures> g) {
        return f.subList(0, b).stream().filter(java.util.Objects::nonNull).mapToDouble(x -> StrictMath.log(
                g.applyAsDouble(x))).average().orElse(Double.NaN);
    }
}
