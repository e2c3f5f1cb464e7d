package org.carbonlab.results;

/**
 * What else the machine did around a trial: the quiet-machine gate's wait before it, and during it the busy CPU
 * time outside the measured process tree and the meter (other processes, the kernel), the time the hypervisor
 * stole, and the CPU pressure stall time. A trial is disturbed when the time outside reached {@link #OUTSIDE_SHARE}
 * of a core over its window, or the stolen time {@link #STEAL_SHARE} of the machine's CPUs.
 *
 * @param waitedSeconds     how long the gate waited before the trial (0 without a gate)
 * @param quietAtStart      whether the machine was quiet when the trial started (null without a gate)
 * @param outsideCpuSeconds busy CPU time outside the tree and the meter (null where the tree's CPU time is not known:
 *                          only the CPU-time estimate counts it)
 * @param stealSeconds      stolen CPU time (null where procfs could not say)
 * @param stallSeconds      CPU pressure "some" stall time, the tree's own waiting included (null without PSI)
 * @param cpuMhz            the CPUs' mean clock at the trial's end (null where the kernel has no cpufreq, as on
 *                          most VMs)
 * @param disturbed         whether the trial crossed a threshold
 * @param reason            which, in words (null when not disturbed)
 */
public record Disturbance(double waitedSeconds, Boolean quietAtStart, Double outsideCpuSeconds, Double stealSeconds,
                          Double stallSeconds, Double cpuMhz, boolean disturbed, String reason) {

    /** Busy CPU outside the tree, as a share of one core over the window, from which a trial is disturbed. */
    public static final double OUTSIDE_SHARE = 0.2;
    /** Stolen time, as a share of the machine's CPUs over the window, from which a trial is disturbed. */
    public static final double STEAL_SHARE = 0.02;

    /** Judges a trial's window of {@code seconds} on a machine of {@code cpus} CPUs. */
    public static Disturbance judge(double waitedSeconds, Boolean quietAtStart, double seconds, int cpus,
                                    double outsideCpuSeconds, double stealSeconds, double stallSeconds,
                                    double cpuMhz) {
        String reason = null;
        if (outsideCpuSeconds >= OUTSIDE_SHARE * seconds) {
            reason = String.format(java.util.Locale.ROOT, "%.1f CPU-s outside the measured tree (%.0f %% of a core)",
                    outsideCpuSeconds, 100 * outsideCpuSeconds / seconds);
        }
        if (stealSeconds >= STEAL_SHARE * seconds * Math.max(1, cpus)) {
            String s = String.format(java.util.Locale.ROOT, "%.1f s stolen by the hypervisor", stealSeconds);
            reason = reason == null ? s : reason + "; " + s;
        }
        return new Disturbance(waitedSeconds, quietAtStart, Json.known(outsideCpuSeconds), Json.known(stealSeconds),
                Json.known(stallSeconds), Json.known(cpuMhz), reason != null, reason);
    }
}
