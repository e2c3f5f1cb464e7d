package org.carbonlab.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The counters of one line of procfs's {@code /proc/PID/stat} that the estimate reads: a process tree's CPU time
 * and memory ({@code power.source.ProcessTree}).
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

    /** The command name's closing parenthesis lies within this many bytes of a stat line's start. */
    private static final int COMM_END_WITHIN = 96;

    /** Parses one stat line; the command name may hold spaces and parentheses. */
    public static ProcStat parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, b.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code b}, one stat line, without building strings: the meter reads
     * these lines ten times a second. The command name (field 2) ends at the line's last {@code ')'}, a byte that
     * UTF-8 never uses inside a multi-byte character.
     */
    public static ProcStat parse(byte[] b, int length) {
        int close = -1; // the last ')': after the command name only numbers and the state letter follow, and the
        // name is at most 64 bytes (TASK_COMM_LEN 16; kernel threads show longer ones), so the search starts early
        for (int i = Math.min(length, COMM_END_WITHIN) - 1; i >= 0; i--) {
            if (b[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            throw new IllegalArgumentException("not a procfs stat line (no ')' closes the command name)");
        }
        long[] want = new long[7]; // pid, then fields 4, 14, 15, 16, 17, 24
        want[0] = number(b, 0, close);
        int field = 3; // field 3 (state) starts after ") "
        int i = close + 2;
        int k = 1;
        while (k < want.length && i < length) {
            while (i < length && b[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < length && b[i] != ' ' && b[i] != '\n') {
                i++;
            }
            if (field == 4 || field == 14 || field == 15 || field == 16 || field == 17 || field == 24) {
                want[k++] = number(b, start, i);
            }
            field++;
        }
        if (k < want.length) {
            throw new IllegalArgumentException("not a procfs stat line (only " + (field - 1) + " fields)");
        }
        return new ProcStat(want[0], want[1], want[2], want[3], want[4], want[5], want[6]);
    }

    /** The decimal integer at the start of {@code b[from, to)} (a leading '-' allowed; stops at a non-digit). */
    private static long number(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= to || b[i] < '0' || b[i] > '9') {
            throw new IllegalArgumentException("not a procfs stat line (a field is not a number)");
        }
        long v = 0;
        for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }

    /** Its own user and system time, in seconds. */
    public double cpuSeconds() {
        return (utime + stime) / USER_HZ;
    }

    /**
     * One process's stat file kept open ({@link KernelFile}): no open, close or string per read, and a reused pid
     * never answers for a process that has ended.
     */
    public static final class File implements AutoCloseable {

        private final KernelFile file;

        private File(KernelFile file) {
            this.file = file;
        }

        /** Opens {@code path}; null when it cannot be opened (the process has ended, or there is no procfs). */
        public static File open(Path path) {
            try {
                return new File(new KernelFile(path, 1024));
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }

        /** The stat line now; null once the process has ended (or the line cannot be read or parsed). */
        public ProcStat read() {
            try {
                int n = file.read();
                return n == 0 ? null : parse(file.bytes(), n);
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public void close() {
            file.close();
        }
    }
}
