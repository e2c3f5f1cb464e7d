package org.carbonlab.power;

/**
 * The counters of one line of procfs's {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} that the lab
 * reads: a process tree's CPU time and memory (the estimate), and the meter's own thread's CPU time.
 *
 * @param pid      process (or thread) id
 * @param ppid     parent process id
 * @param utime    user time, in {@link #USER_HZ} ticks
 * @param stime    system time, in ticks
 * @param cutime   user time of waited-for children, in ticks
 * @param cstime   system time of waited-for children, in ticks
 * @param rssPages resident set size, in pages of {@link #PAGE_BYTES}
 */
public record ProcStat(long pid, long ppid, long utime, long stime, long cutime, long cstime, long rssPages) {

    /** Clock ticks per second in {@code /proc/PID/stat} (USER_HZ, 100 on every mainstream Linux ABI). */
    public static final double USER_HZ = 100.0;
    /** Bytes per page for the {@code rss} field (4 KiB on x86-64 and most arm64 distributions). */
    public static final long PAGE_BYTES = 4096;

    /** Parses one stat line; the command name may hold spaces and parentheses. */
    public static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        String[] f = line.substring(close + 2).trim().split(" +");
        // f[0] is field 3 (state): field n is f[n - 3]
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).trim());
        return new ProcStat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]), Long.parseLong(f[21]));
    }

    /** Its own user and system time, in seconds. */
    public double cpuSeconds() {
        return (utime + stime) / USER_HZ;
    }
}
