package org.carbonlab.power.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.carbonlab.hardware.LoadCurve;
import org.carbonlab.power.Band;
import org.carbonlab.power.Reading;
import org.carbonlab.hardware.MachineActivity;
import org.carbonlab.hardware.KernelFile;

/**
 * The whole VM's energy by the SPECpower curve, as CCF attributes a cloud instance: every vCPU at the median
 * server's idle watts per thread, plus the full-load increment for the time the VM's CPUs were busy (all of its
 * processes, from {@code /proc/stat}): idle x vCPUs x t + (full - idle) x busy CPU-seconds.
 */
final class WholeVm implements AutoCloseable {
    private final Path proc;
    private final double idleW;
    private final double fullW;
    /** The online CPUs, counted once: a VM's vCPUs do not come and go during a measurement. */
    private final int cpus;
    /** {@code /proc/stat} kept open: each tick reads its first line, the machine's CPU times, in place. */
    private final KernelFile stat;
    private double busy0 = Double.NaN;
    private long t0;
    /** The share of the VM's CPU time busy since the first reading; NaN before two readings. */
    private volatile double load = Double.NaN;

    WholeVm(Path proc, double idleW, double fullW) {
        this.proc = proc;
        this.idleW = idleW;
        this.fullW = fullW;
        this.cpus = MachineActivity.read(proc, proc.resolve("no-cpufreq")).cpus();
        KernelFile f;
        try {
            f = new KernelFile(proc.resolve("stat"), 256);
        } catch (IOException | RuntimeException e) {
            f = null;
        }
        this.stat = f;
    }

    Reading read(long nanos) {
        double busy = Double.NaN;
        try {
            busy = stat == null ? Double.NaN : MachineActivity.busySeconds(stat.bytes(), stat.read());
        } catch (IOException | RuntimeException e) {
            // NaN: said below
        }
        if (!Double.isFinite(busy) || cpus < 1) {
            return Reading.failed("cannot read the machine's CPU time from " + proc.resolve("stat"));
        }
        if (Double.isNaN(busy0)) {
            busy0 = busy;
            t0 = nanos;
        }
        if (nanos > t0) {
            load = Math.min(1, Math.max(0, (busy - busy0) / (cpus * (nanos - t0) / 1e9)));
        }
        return Reading.counter(idleW * cpus * (nanos - t0) / 1e9 + (fullW - idleW) * (busy - busy0), 0);
    }

    /**
     * {@code server} (the generation's band at idle and 100 %) with its high end raised by the line's form error
     * at the load the VM has had so far ({@link LoadCurve#highFactor}); before two readings, at the load where
     * that error is largest, so a band asked for early still holds.
     */
    Band band(Band server) {
        LoadCurve curve = LoadCurve.load();
        double u = load;
        double factor;
        String at;
        if (Double.isNaN(u)) {
            factor = 1;
            for (int i = 1; i < 100; i++) {
                factor = Math.max(factor, curve.highFactor(idleW, fullW, i / 100.0));
            }
            at = "at any load";
        } else {
            factor = curve.highFactor(idleW, fullW, u);
            at = String.format(Locale.ROOT, "at the VM's %.0f %% load", 100 * u);
        }
        return factor == 1 ? server : new Band(server.low(), server.high() * factor, server.basis() + "; "
                + LoadCurve.BASIS + String.format(Locale.ROOT, ", up to %.2fx ", factor) + at);
    }

    @Override
    public void close() {
        if (stat != null) {
            stat.close();
        }
    }
}
