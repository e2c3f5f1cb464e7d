package org.carbonlab.power;

/**
 * Accumulates one channel over one window: the counter at both ends, and the trapezoidal integral of power over
 * consecutive valid samples. Holds a few numbers, not the samples, so day-long windows cost no memory.
 */
final class ChannelIntegrator {

    private final Channel channel;
    private final long startNanos;
    private Reading first;
    private Reading last;
    private long lastValidNanos = -1;
    private double lastValidPower = Double.NaN;
    private boolean lastSampleValid;
    private double integralJoules;
    private long coveredNanos;
    private double peakWatts = Double.NaN;
    private int validSamples;
    private String lastError;

    ChannelIntegrator(Channel channel, long startNanos) {
        this.channel = channel;
        this.startNanos = startNanos;
    }

    void add(long t, Reading r) {
        if (first == null) {
            first = r;
        }
        last = r;
        if (!r.ok()) {
            lastError = r.error();
        }
        boolean valid = r.ok() && !Double.isNaN(r.powerWatts());
        if (!valid) {
            lastSampleValid = false;
            return;
        }
        double w = r.powerWatts();
        if (lastValidNanos >= 0) {
            long dt = t - lastValidNanos;
            integralJoules += 0.5 * (w + lastValidPower) * (dt / 1e9);
            if (lastSampleValid) {
                coveredNanos += dt;
            }
        }
        lastValidNanos = t;
        lastValidPower = w;
        lastSampleValid = true;
        validSamples++;
        peakWatts = Double.isNaN(peakWatts) ? w : Math.max(peakWatts, w);
    }

    DeviceEnergy result(long endNanos) {
        double seconds = (endNanos - startNanos) / 1e9;
        Power peak = Power.ofWatts(peakWatts);
        String counterProblem = null;
        if (channel.hasCounter()) {
            counterProblem = counterProblem();
            if (counterProblem == null) {
                Energy e = Energy.ofJoules(last.energyJoules() - first.energyJoules());
                return new DeviceEnergy(channel, e, e.over(seconds), peak, 1.0,
                        ProvenanceSet.of(channel.counter()), null);
            }
        }
        double coverage = seconds > 0 ? Math.min(1.0, coveredNanos / 1e9 / seconds) : 0;
        if (validSamples >= 2) {
            Energy e = Energy.ofJoules(integralJoules);
            Provenance p = channel.power() != null ? channel.power() : channel.counter();
            String note = counterProblem == null ? null : counterProblem + "; energy integrated from sampled power";
            if (lastError != null) { // a source that failed part of the way: say what the figure leaves out
                String gap = String.format(java.util.Locale.ROOT, "readings failed in this window (last error: %s):"
                        + " the samples cover %.0f %% of it, the rest is not counted", lastError, 100 * coverage);
                note = note == null ? gap : note + "; " + gap;
            }
            return new DeviceEnergy(channel, e, e.over(seconds), peak, coverage, ProvenanceSet.of(p), note);
        }
        String why = counterProblem != null ? counterProblem
                : "fewer than two valid samples in the window"
                        + (lastError != null ? " (last error: " + lastError + ")" : "");
        return new DeviceEnergy(channel, Energy.UNKNOWN, Power.UNKNOWN, peak, coverage, ProvenanceSet.NONE, why);
    }

    private String counterProblem() {
        if (first == null || !first.ok() || Double.isNaN(first.energyJoules())) {
            return "energy counter unreadable at window start"
                    + (first != null && first.error() != null ? ": " + first.error() : "");
        }
        if (!last.ok() || Double.isNaN(last.energyJoules())) {
            return "energy counter unreadable at window end" + (last.error() != null ? ": " + last.error() : "");
        }
        if (first.counterEpoch() != last.counterEpoch()) {
            return "energy counter restarted during the window (it went down: driver reload or GPU reset)";
        }
        return null;
    }
}
