package org.carbonlab.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the whole machine is doing, read from procfs: its busy CPU time (user, nice, system, irq, softirq: not idle,
 * iowait or steal), the time the hypervisor stole, and the CPU pressure stall time ({@code /proc/pressure/cpu}
 * "some", where the kernel has PSI). Two snapshots give the machine's activity in between, which the quiet-machine
 * gate and each trial's disturbance record compare with what the measured process tree used.
 *
 * @param nanos          when ({@link System#nanoTime()})
 * @param busyCpuSeconds busy CPU time of all CPUs since boot
 * @param stealSeconds   stolen time of all CPUs since boot
 * @param stallSeconds   CPU pressure "some" stall time since boot (NaN without PSI)
 * @param cpus           online CPUs
 * @param cpuMhz         the CPUs' mean current clock from cpufreq (NaN where the kernel exposes none, as on most
 *                       VMs: their /proc/cpuinfo "cpu MHz" is a constant the hypervisor declares)
 */
public record MachineActivity(long nanos, double busyCpuSeconds, double stealSeconds, double stallSeconds, int cpus,
                              double cpuMhz) {

    /** procfs's clock tick (USER_HZ), 100 on every Linux architecture carbonlab builds for. */
    static final double TICKS_PER_SECOND = 100;

    /** A snapshot from {@code /proc}. */
    public static MachineActivity read() {
        return read(Path.of("/proc"), Path.of("/sys/devices/system/cpu"));
    }

    /**
     * A snapshot from the procfs tree at {@code proc} and the CPUs' sysfs directory {@code cpuSys} (tests give fake
     * ones); NaN figures where unreadable.
     */
    public static MachineActivity read(Path proc, Path cpuSys) {
        long now = System.nanoTime();
        double busy = Double.NaN;
        double steal = Double.NaN;
        int cpus = 0;
        try {
            byte[] stat = Files.readAllBytes(proc.resolve("stat"));
            busy = busySeconds(stat, stat.length);
            for (String line : new String(stat, StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("cpu ")) {
                    steal = num(line.trim().split("\\s+"), 8) / TICKS_PER_SECOND;
                } else if (line.startsWith("cpu")) {
                    cpus++;
                }
            }
        } catch (IOException | RuntimeException e) {
            busy = Double.NaN;
        }
        return new MachineActivity(now, busy, steal, stall(proc.resolve("pressure").resolve("cpu")), cpus,
                mhz(cpuSys, cpus));
    }

    /**
     * The busy CPU time (user, nice, system, irq, softirq) in seconds from the first {@code n} bytes of {@code
     * /proc/stat}, whose first line is {@code cpu  user nice system idle iowait irq softirq steal ...} in ticks:
     * parsed in place, as the sampler reads it ten times a second. NaN where the line is not there.
     */
    public static double busySeconds(byte[] b, int n) {
        if (n < 5 || b[0] != 'c' || b[1] != 'p' || b[2] != 'u' || b[3] != ' ') {
            return Double.NaN;
        }
        long busy = 0;
        int field = 0;
        int i = 3;
        while (i < n && b[i] != '\n' && field < 7) {
            while (i < n && b[i] == ' ') {
                i++;
            }
            long v = 0;
            int start = i;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i++] - '0');
            }
            if (i == start) {
                return Double.NaN;
            }
            field++;
            if (field == 1 || field == 2 || field == 3 || field == 6 || field == 7) {
                busy += v;
            }
        }
        return field == 7 ? busy / TICKS_PER_SECOND : Double.NaN;
    }

    /** The mean of {@code cpuN/cpufreq/scaling_cur_freq} (kHz) over the CPUs, in MHz; NaN where there is none. */
    private static double mhz(Path cpuSys, int cpus) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < cpus; i++) {
            try {
                sum += Double.parseDouble(Files.readString(cpuSys.resolve("cpu" + i).resolve("cpufreq")
                        .resolve("scaling_cur_freq")).trim()) / 1000;
                n++;
            } catch (IOException | RuntimeException e) {
                // no cpufreq for this CPU
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double num(String[] f, int i) {
        return i < f.length ? Double.parseDouble(f[i]) : 0;
    }

    /** The "some total=" microseconds of a PSI file, in seconds (NaN where absent). */
    private static double stall(Path psi) {
        try {
            for (String line : Files.readAllLines(psi, StandardCharsets.US_ASCII)) {
                if (line.startsWith("some ")) {
                    int i = line.indexOf("total=");
                    return i < 0 ? Double.NaN : Double.parseDouble(line.substring(i + 6).trim()) / 1e6;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no PSI (kernel without CONFIG_PSI, or psi=0): NaN
        }
        return Double.NaN;
    }

    /**
     * What happened between {@code earlier} and this snapshot.
     *
     * @param seconds        wall time between them
     * @param busyCpuSeconds busy CPU time of all CPUs
     * @param stealSeconds   stolen CPU time
     * @param stallSeconds   CPU pressure stall time (NaN without PSI)
     */
    public record Delta(double seconds, double busyCpuSeconds, double stealSeconds, double stallSeconds) {
    }

    /** The activity since {@code earlier}. */
    public Delta since(MachineActivity earlier) {
        return new Delta((nanos - earlier.nanos) / 1e9, busyCpuSeconds - earlier.busyCpuSeconds,
                stealSeconds - earlier.stealSeconds, stallSeconds - earlier.stallSeconds);
    }
}
