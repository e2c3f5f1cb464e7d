package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a study's design delivers, by simulation of that design: thousands of studies with known truth, each run
 * through the same stopping rule and the same interval as a real study ({@link StoppingRule},
 * {@link Comparison#paired}), at given coefficients of variation of a trial's figure. Per CV it gives the coverage
 * of the reported 95 % interval (overall, and among the studies that stopped before {@code max}), the A/A false
 * positives (an interval that leaves out 1 when no variant differs; per ratio, and for any ratio of the study), and
 * how many blocks the studies took.
 * <p>
 * The noise: a trial's figure is log-normal with the given CV, every variant's true ratio to the baseline is 0.7
 * (an A/A run: 1), a drift of {@link Noise#drift} per trial in run order (a machine warming up, a host growing
 * busier; the order of the design decides whether it cancels), and outliers: a share of trials slower by a factor.
 * Scale does not matter: only ratios enter.
 *
 * @param design  the simulated design
 * @param noise   the noise beyond the CV
 * @param studies studies per CV
 * @param seed    the random seed (the same seed gives the same certificate)
 * @param rows    one per CV
 */
public record Certificate(Design design, Noise noise, int studies, long seed, List<Row> rows) {

    /** The true ratio of every variant in the coverage runs. */
    public static final double TRUE_RATIO = 0.7;
    /** The studies per CV of a certificate on a study's page. */
    public static final int STUDIES = 2000;

    /** How the blocks' sizes are decided. */
    public enum Rule {
        /** A fixed number of blocks ({@code min == max}). */
        FIXED,
        /** The two-stage rule: a pilot sizes the study ({@link StoppingRule}). */
        TWO_STAGE,
        /**
         * The former rule: stop at the first block from {@code min} at which every unpaired (Fieller) interval is
         * within the half-width (runs whose stop record names no rule ran under it).
         */
        FORMER
    }

    /**
     * A design.
     *
     * @param variants  variants including the baseline
     * @param min       fewest blocks
     * @param max       most blocks
     * @param halfWidth the target relative half-width (an adaptive design's; for a fixed one what counts as tight)
     * @param rule      how the size is decided
     * @param order     the order within blocks
     */
    public record Design(int variants, int min, int max, double halfWidth, Rule rule, RunOrder order) {

        /** Checks the design. */
        public Design {
            if (variants < 2 || min < 2 || max < min) {
                throw new IllegalArgumentException("a certificate needs 2 or more variants and 2 <= min <= max, got "
                        + variants + " variants, min " + min + ", max " + max);
            }
        }

        /** The design in words. */
        public String words() {
            String size = switch (rule) {
                case FIXED -> max + " blocks";
                case TWO_STAGE -> min + " to " + max + " blocks, two-stage (" + StoppingRule.PILOT + "-block pilot) for"
                        + " +-" + pct(halfWidth);
                case FORMER -> min + " to " + max + " blocks, stopping at the first interval within +-" + pct(halfWidth)
                        + " (the former rule)";
            };
            return variants + " variants, " + size + ", " + order.name().toLowerCase(Locale.ROOT) + " order";
        }
    }

    /**
     * Noise beyond the CV.
     *
     * @param drift         the drift of a trial's log figure per trial in run order
     * @param outlierShare  the share of trials that are outliers
     * @param outlierFactor how much slower an outlier is
     */
    public record Noise(double drift, double outlierShare, double outlierFactor) {

        /** 0.5 % per trial (8 % over a study of 16 trials), 2 % of trials 1.5 times slower. */
        public static final Noise DEFAULT = new Noise(0.005, 0.02, 1.5);

        /** The noise in words. */
        public String words() {
            return String.format(Locale.ROOT, "log-normal trials, a drift of %s per trial in run order, %s of trials"
                    + " %.3gx slower", pct(drift), pct(outlierShare), outlierFactor);
        }
    }

    /**
     * The results at one CV.
     *
     * @param cv             the trials' coefficient of variation
     * @param coverage       the share of reported intervals that hold the true ratio
     * @param earlyStops     studies that stopped before {@code max}
     * @param earlyCoverage  the coverage among them (NaN when none)
     * @param falsePositive  the share of A/A ratios whose interval leaves out 1
     * @param familyWise     the share of A/A studies where any ratio's interval leaves out 1
     * @param meanBlocks     the blocks a study took, on average
     * @param medianBlocks   their median
     * @param p90Blocks      their 90th percentile
     * @param withinTarget   the share of intervals within the half-width
     */
    public record Row(double cv, double coverage, int earlyStops, double earlyCoverage, double falsePositive,
                      double familyWise, double meanBlocks, int medianBlocks, int p90Blocks, double withinTarget) {
    }

    /** The CVs a certificate is printed at when none are given: quiet, typical, noisy, very noisy. */
    public static final double[] CVS = {0.05, 0.10, 0.15, 0.25};

    /** Simulates {@code studies} studies of {@code design} at each CV of {@code cvs}. */
    public static Certificate of(Design design, Noise noise, double[] cvs, int studies, long seed) {
        List<Row> rows = new ArrayList<>();
        for (double cv : cvs) {
            if (!(cv > 0 && cv < 10)) {
                throw new IllegalArgumentException("a CV is a positive fraction, got " + cv);
            }
            rows.add(row(design, noise, cv, studies, new SplittableRandom(seed * 31 + Math.round(cv * 1e6))));
        }
        return new Certificate(design, noise, studies, seed, List.copyOf(rows));
    }

    private static Row row(Design d, Noise noise, double cv, int studies, SplittableRandom random) {
        double sigma = Math.sqrt(StrictMath.log(1 + cv * cv));
        int covered = 0;
        int ratios = 0;
        int early = 0;
        int earlyCovered = 0;
        int earlyRatios = 0;
        int within = 0;
        int fp = 0;
        int anyFp = 0;
        int[] blocks = new int[studies];
        for (int s = 0; s < studies; s++) {
            Study effect = study(d, noise, sigma, StrictMath.log(TRUE_RATIO), random);
            blocks[s] = effect.blocks;
            boolean stoppedEarly = d.rule() != Rule.FIXED && effect.blocks < d.max();
            early += stoppedEarly ? 1 : 0;
            for (Interval iv : effect.intervals) {
                boolean in = iv.low() <= TRUE_RATIO && TRUE_RATIO <= iv.high();
                covered += in ? 1 : 0;
                ratios++;
                if (stoppedEarly) {
                    earlyCovered += in ? 1 : 0;
                    earlyRatios++;
                }
                within += iv.bounded() && (iv.high() - iv.low()) / 2 / iv.estimate() <= d.halfWidth() ? 1 : 0;
            }
            Study aa = study(d, noise, sigma, 0, random);
            int k = (int) aa.intervals.stream().filter(iv -> iv.excludes(1)).count();
            fp += k;
            anyFp += k > 0 ? 1 : 0;
        }
        Arrays.sort(blocks);
        return new Row(cv, (double) covered / ratios, early, earlyRatios == 0 ? Double.NaN
                : (double) earlyCovered / earlyRatios, (double) fp / ratios, (double) anyFp / studies,
                Arrays.stream(blocks).average().orElse(Double.NaN), blocks[studies / 2],
                blocks[(int) Math.ceil(0.9 * studies) - 1], (double) within / ratios);
    }

    private record Study(int blocks, List<Interval> intervals) {
    }

    /** One simulated study: variant 0 is the baseline; every other variant's true log ratio is {@code effect}. */
    private static Study study(Design d, Noise noise, double sigma, double effect, SplittableRandom random) {
        int v = d.variants();
        double[][] x = new double[v][d.max()];
        int slot = 0;
        for (int r = 0; r < d.max(); r++) {
            int[] order = order(d.order(), r, v, random);
            for (int i : order) {
                double log = (i == 0 ? 0 : effect) + sigma * gaussian(random) + noise.drift() * slot++
                        + (random.nextDouble() < noise.outlierShare() ? StrictMath.log(noise.outlierFactor()) : 0);
                x[i][r] = StrictMath.exp(log);
            }
        }
        int n = switch (d.rule()) {
            case FIXED -> d.max();
            case TWO_STAGE -> {
                StoppingRule rule = new StoppingRule(d.min(), d.max(), d.halfWidth());
                List<Double> spreads = new ArrayList<>();
                for (int i = 1; i < v; i++) {
                    spreads.add(StoppingRule.pilotSpread(x[0], x[i]));
                }
                yield rule.blocksFor(spreads);
            }
            case FORMER -> former(d, x);
        };
        int pilot = d.rule() == Rule.TWO_STAGE && n < d.max() ? StoppingRule.PILOT : 0;
        List<Interval> out = new ArrayList<>();
        for (int i = 1; i < v; i++) {
            out.add(Comparison.paired(Arrays.copyOf(x[0], n), Arrays.copyOf(x[i], n), Comparison.Scale.RATIO, pilot)
                    .interval());
        }
        return new Study(n, out);
    }

    private static int former(Design d, double[][] x) {
        for (int k = d.min(); k < d.max(); k++) {
            boolean tight = true;
            for (int i = 1; i < x.length && tight; i++) {
                Interval iv = Comparison.unpaired(Arrays.copyOf(x[0], k), Arrays.copyOf(x[i], k),
                        Comparison.Scale.RATIO).interval();
                tight = iv.bounded() && (iv.high() - iv.low()) / 2 / Math.abs(iv.estimate()) <= d.halfWidth();
            }
            if (tight) {
                return k;
            }
        }
        return d.max();
    }

    /**
     * A standard normal draw by the Box-Muller transform in StrictMath: the same seed gives the same certificate, to
     * the bit, on every JVM and CPU (a study's summary states it, and regenerates byte for byte).
     */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // (0, 1]
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * random.nextDouble());
    }

    private static int[] order(RunOrder o, int block, int v, SplittableRandom random) {
        int[] idx = new int[v];
        for (int i = 0; i < v; i++) {
            idx[i] = o == RunOrder.COUNTERBALANCED && block % 2 == 1 ? v - 1 - i : i;
        }
        if (o == RunOrder.RANDOMISED) {
            for (int i = v - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** The certificate as a plain-text table with its design and noise. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("design: ").append(design.words()).append('\n');
        sb.append("noise: ").append(noise.words()).append('\n');
        sb.append(String.format(Locale.ROOT, "%,d simulated studies per CV (seed %d); every variant's true ratio %.1f"
                + " for coverage, 1 for the A/A false positives%n%n", studies, seed, TRUE_RATIO));
        sb.append(String.format(Locale.ROOT, "%6s %9s %12s %14s %9s %11s %15s %11s%n", "CV", "coverage", "early stops",
                "early coverage", "A/A FP", "any A/A FP", "blocks mean/med/p90", "within +-" + pct(design.halfWidth())));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%6s %9s %12s %14s %9s %11s %8.1f/%d/%-4d %11s%n", pct(r.cv()),
                    pct(r.coverage()), pct((double) r.earlyStops() / studies), Double.isNaN(r.earlyCoverage()) ? "none"
                            : pct(r.earlyCoverage()), pct(r.falsePositive()), pct(r.familyWise()), r.meanBlocks(),
                    r.medianBlocks(), r.p90Blocks(), pct(r.withinTarget())));
        }
        return sb.toString();
    }

    /** One row in words, for a study's page. */
    public String words(Row r) {
        return String.format(Locale.ROOT, "at CV %s, %,d simulated studies of this design (%s): the 95 %% interval"
                + " held the true ratio in %s%s; A/A false positives %s per ratio%s; %.1f blocks on average",
                pct(r.cv()), studies, noise.words(), pct(r.coverage()), early(r), pct(r.falsePositive()),
                design.variants() > 2
                        ? ", " + pct(r.familyWise()) + " for any of the " + (design.variants() - 1) + " ratios" : "",
                r.meanBlocks());
    }

    /** The early stops' coverage in words: too few (under 50) to rate, or their share and coverage. */
    private String early(Row r) {
        if (r.earlyStops() == 0) {
            return "";
        }
        return r.earlyStops() < 50 ? String.format(Locale.ROOT, " (%d stopped early: too few to rate)",
                r.earlyStops()) : String.format(Locale.ROOT, " (%s among the %s that stopped early)",
                pct(r.earlyCoverage()), pct((double) r.earlyStops() / studies));
    }

    /** The certificate for {@code summary.json}. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("design", design.words());
        m.put("noise", noise.words());
        m.put("studies_per_cv", studies);
        m.put("seed", seed);
        m.put("true_ratio", TRUE_RATIO);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cv", r.cv());
            x.put("coverage", r.coverage());
            x.put("early_stops", r.earlyStops());
            x.put("early_coverage", Double.isNaN(r.earlyCoverage()) ? null : r.earlyCoverage());
            x.put("aa_false_positive", r.falsePositive());
            x.put("aa_any_false_positive", r.familyWise());
            x.put("blocks_mean", r.meanBlocks());
            x.put("blocks_median", r.medianBlocks());
            x.put("blocks_p90", r.p90Blocks());
            x.put("within_half_width", r.withinTarget());
            rs.add(x);
        }
        m.put("rows", rs);
        return m;
    }

    private static String pct(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.1f %%", 100 * f) : "n/a";
    }
}
