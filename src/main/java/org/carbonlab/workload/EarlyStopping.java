package org.carbonlab.workload;

/**
 * Early stopping on a score where higher is better (validation accuracy): stop after {@code patience} epochs in a
 * row without an improvement of more than {@code minDelta} over the best so far. (DJL's
 * {@code EarlyStoppingListener} treats lower as better, so it is not used.)
 */
public final class EarlyStopping {

    private final int patience;
    private final double minDelta;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int stale;

    /** Creates the rule; {@code patience <= 0} never stops. */
    public EarlyStopping(int patience, double minDelta) {
        if (minDelta < 0) {
            throw new WorkloadException("early stopping minimum delta must be >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records epoch {@code epoch}'s score and returns whether training should stop now. */
    public boolean update(int epoch, double score) {
        if (score > best + minDelta) {
            best = score;
            bestEpoch = epoch;
            stale = 0;
        } else {
            stale++;
        }
        return patience > 0 && stale >= patience;
    }

    /** Returns the best score seen. */
    public double best() {
        return best;
    }

    /** Returns the epoch (1-based) of the best score. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
