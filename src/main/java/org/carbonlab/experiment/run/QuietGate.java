package org.carbonlab.experiment.run;

import java.time.Duration;
import java.util.function.Supplier;

import org.carbonlab.hardware.MachineActivity;

/**
 * Waits, bounded, before a trial until the machine outside our process tree is quiet: over the last second, busy CPU
 * below {@link #BUSY_CORES} of a core (this JVM is idle between trials, so that is other processes and the kernel)
 * and stolen time below {@link #STEAL_CORES}. The wait and whether it ended quiet go into the trial's record.
 */
final class QuietGate {

    /** Busy CPU over a second, in cores, below which the machine counts as quiet. */
    static final double BUSY_CORES = 0.15;
    /** Stolen CPU over a second, in cores, below which the machine counts as quiet. */
    static final double STEAL_CORES = 0.05;

    private final Supplier<MachineActivity> activity;
    private final Duration step;

    QuietGate(Supplier<MachineActivity> activity, Duration step) {
        this.activity = activity;
        this.step = step;
    }

    /**
     * The gate's outcome.
     *
     * @param waitedSeconds how long it waited
     * @param quiet         whether the machine was quiet when it stopped waiting
     */
    record Waited(double waitedSeconds, boolean quiet) {
    }

    /** Waits, a step at a time, until the machine is quiet or {@code maxWait} has passed. */
    Waited await(Duration maxWait) throws InterruptedException {
        long start = System.nanoTime();
        MachineActivity before = activity.get();
        while (true) {
            Thread.sleep(step.toMillis());
            MachineActivity now = activity.get();
            MachineActivity.Delta d = now.since(before);
            boolean quiet = d.busyCpuSeconds() < BUSY_CORES * d.seconds() && !(d.stealSeconds() >= STEAL_CORES
                    * d.seconds());
            double waited = (System.nanoTime() - start) / 1e9;
            if (quiet || waited >= maxWait.toMillis() / 1e3) {
                return new Waited(waited, quiet);
            }
            before = now;
        }
    }
}
