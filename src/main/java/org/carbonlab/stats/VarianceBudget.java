package org.carbonlab.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where the spread of a per-trial total comes from: the total is a sum of segments (start-up, each epoch's training
 * and validation, the test pass, the predictions, ...), and its sample variance splits exactly into one share per
 * segment, {@code cov(segment, total) / var(total)}, covariances included, so the shares add up to 1 (a segment
 * that moves against the others has a negative share). Each segment also has its own mean and coefficient of
 * variation.
 *
 * @param n        trials whose every segment is known
 * @param mean     the total's mean
 * @param cv       the total's coefficient of variation (sample SD over mean)
 * @param parts    one per segment, in the order given
 * @param together the mean pairwise correlation (Pearson) of the segments that hold at least {@link #LARGE_PART}
 *                 of the total: near 1 when the whole trial speeds up or slows down as one (a busy host, a clock),
 *                 near 0 when the segments vary on their own (NaN with fewer than two such segments or 3 trials)
 */
public record VarianceBudget(int n, double mean, double cv, List<Part> parts, double together) {

    /** A share from which one segment is said to carry most of the spread. */
    public static final double DOMINANT_SHARE = 0.5;
    /** The share of the total's mean from which a segment counts in {@link #together}. */
    public static final double LARGE_PART = 0.05;
    /** A mean correlation from which the segments are said to vary together. */
    public static final double TOGETHER = 0.7;

    /**
     * One segment's place in the budget.
     *
     * @param name  the segment
     * @param mean  its mean over the trials
     * @param cv    its own coefficient of variation (NaN where its mean is 0)
     * @param share its share of the variance of the total (NaN where the total does not vary or n &lt; 2)
     */
    public record Part(String name, double mean, double cv, double share) {
    }

    /** Copies the parts. */
    public VarianceBudget {
        parts = List.copyOf(parts);
    }

    /**
     * The budget of the totals of {@code rows} (one row per trial, one column per segment named by {@code names};
     * a segment a trial did not have is 0 in its row). Rows with a non-finite value are left out: an unknown
     * segment makes the trial's total unknown.
     */
    public static VarianceBudget of(List<String> names, List<double[]> rows) {
        int k = names.size();
        List<double[]> known = rows.stream().filter(r -> r.length == k && java.util.Arrays.stream(r)
                .allMatch(Double::isFinite)).toList();
        int n = known.size();
        double[] total = known.stream().mapToDouble(r -> java.util.Arrays.stream(r).sum()).toArray();
        double tMean = mean(total);
        double tVar = covariance(total, total);
        List<Part> parts = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            final int col = s;
            double[] x = known.stream().mapToDouble(r -> r[col]).toArray();
            double m = mean(x);
            double sd = Math.sqrt(covariance(x, x));
            double share = n >= 2 && tVar > 0 ? covariance(x, total) / tVar : Double.NaN;
            parts.add(new Part(names.get(s), m, m == 0 ? Double.NaN : sd / Math.abs(m), share));
        }
        return new VarianceBudget(n, tMean, n >= 2 && tMean != 0 ? Math.sqrt(tVar) / Math.abs(tMean) : Double.NaN,
                parts, together(known, parts, tMean));
    }

    /** The mean pairwise correlation of the columns of {@code rows} whose mean is a large part of {@code total}. */
    private static double together(List<double[]> rows, List<Part> parts, double total) {
        List<double[]> large = new ArrayList<>();
        for (int s = 0; s < parts.size(); s++) {
            if (parts.get(s).mean() >= LARGE_PART * total) {
                final int col = s;
                large.add(rows.stream().mapToDouble(r -> r[col]).toArray());
            }
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < large.size(); a++) {
            for (int b = a + 1; b < large.size(); b++) {
                double va = covariance(large.get(a), large.get(a));
                double vb = covariance(large.get(b), large.get(b));
                if (va > 0 && vb > 0) {
                    sum += covariance(large.get(a), large.get(b)) / Math.sqrt(va * vb);
                    pairs++;
                }
            }
        }
        return rows.size() >= 3 && pairs > 0 ? sum / pairs : Double.NaN;
    }

    /** Whether the large segments vary together ({@link #together} at least {@link #TOGETHER}). */
    public boolean variesTogether() {
        return together >= TOGETHER;
    }

    /** The segment with the largest share, where the total varies at all (n at least 2). */
    public Optional<Part> dominant() {
        return parts.stream().filter(p -> Double.isFinite(p.share())).max(Comparator.comparingDouble(Part::share));
    }

    /** Whether one segment carries at least {@link #DOMINANT_SHARE} of the variance. */
    public boolean dominated() {
        return dominant().map(p -> p.share() >= DOMINANT_SHARE).orElse(false);
    }

    /**
     * How the variance of a log total splits between blocks and within them, where blocks pair one trial of every
     * variant: {@code y[b][v]} is block b's value of variant v (blocks with an unknown or non-positive value are left
     * out). The model is {@code ln y = variant + block + error} (two-way analysis of variance without replication);
     * the between share is the block component's estimate {@code max(0, (MS_block - MS_error) / V)} over it plus
     * {@code MS_error}: what pairing by block removes from a ratio's variance. NaN with fewer than 2 complete blocks
     * or 2 variants, or where nothing varies.
     */
    public static double betweenBlockShare(double[][] y) {
        List<double[]> blocks = new ArrayList<>();
        for (double[] b : y) {
            if (b.length >= 2 && java.util.Arrays.stream(b).allMatch(v -> Double.isFinite(v) && v > 0)) {
                blocks.add(java.util.Arrays.stream(b).map(StrictMath::log).toArray());
            }
        }
        int nb = blocks.size();
        if (nb < 2) {
            return Double.NaN;
        }
        int nv = blocks.get(0).length;
        double grand = blocks.stream().flatMapToDouble(java.util.Arrays::stream).sum() / (nb * nv);
        double[] vMean = new double[nv];
        for (double[] b : blocks) {
            for (int v = 0; v < nv; v++) {
                vMean[v] += b[v] / nb;
            }
        }
        double ssBlock = 0;
        double ssError = 0;
        for (double[] b : blocks) {
            double bMean = mean(b);
            ssBlock += nv * (bMean - grand) * (bMean - grand);
            for (int v = 0; v < nv; v++) {
                double e = b[v] - bMean - vMean[v] + grand;
                ssError += e * e;
            }
        }
        double msBlock = ssBlock / (nb - 1);
        double msError = ssError / ((nb - 1) * (nv - 1));
        double between = Math.max(0, (msBlock - msError) / nv);
        return between + msError > 0 ? between / (between + msError) : Double.NaN;
    }

    private static double mean(double[] x) {
        return x.length == 0 ? Double.NaN : java.util.Arrays.stream(x).sum() / x.length;
    }

    private static double covariance(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = mean(x);
        double my = mean(y);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (n - 1);
    }
}
