package org.carbonlab.power.source;

import org.carbonlab.power.ProcStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of a process tree, read from procfs ({@code /proc/PID/stat}).
 *
 * <p>The tree is this JVM's descendants (the commands it runs), plus the JVM itself when {@code includeSelf}.
 * CPU time = for every live descendant, its user+system time plus that of its children it has already waited for;
 * plus the children this JVM has waited for (their time moves into our {@code cutime}/{@code cstime} when reaped),
 * measured from when the tree was created. Processes that escape the tree (daemonised, re-parented to init) are
 * not counted; a process's last tick before it is reaped may be missed until the reaping lands in its parent.
 *
 * <p>Finding descendants means reading every process's {@code stat}, so the whole of procfs is scanned only every
 * {@value #RESCAN_EVERY} reads; in between only the known members are re-read. Counters are cumulative, so a child
 * found a few reads late loses nothing: its whole CPU time appears when it is found, and one that ends before being
 * found is counted through its parent's {@code cutime}.
 */
public final class ProcessTree {

    private final Path proc;
    private final long selfPid;
    private final boolean includeSelf;
    /** A full scan of procfs every this many reads. */
    public static final int RESCAN_EVERY = 50;

    private final double baselineSeconds;
    private double lastSeconds;
    private final java.util.Set<Long> members = new java.util.LinkedHashSet<>();
    private int reads;

    /** A snapshot of the tree. */
    public record Usage(double cpuSeconds, long residentBytes, int processes) {
    }

    /** Measures this JVM's descendants (and itself if {@code includeSelf}) from now on. */
    public ProcessTree(boolean includeSelf) {
        this(Path.of("/proc"), ProcessHandle.current().pid(), includeSelf);
    }

    /** Measures the tree rooted at {@code selfPid} in the procfs at {@code proc} (a fake tree in tests). */
    public ProcessTree(Path proc, long selfPid, boolean includeSelf) {
        this.proc = proc;
        this.selfPid = selfPid;
        this.includeSelf = includeSelf;
        this.baselineSeconds = raw().cpuSeconds();
    }

    /** Returns whether procfs can be read here. */
    public static boolean available(Path proc) {
        return Files.isReadable(proc.resolve("self").resolve("stat"))
                || Files.isReadable(proc.resolve(String.valueOf(ProcessHandle.current().pid())).resolve("stat"));
    }

    /** Adds a process just started by this JVM, so it is counted from its first tick rather than the next scan. */
    public synchronized void track(long pid) {
        members.add(pid);
    }

    /** Returns CPU seconds used since creation (never decreasing) and the current resident size. */
    public synchronized Usage usage() {
        Usage u = raw();
        double seconds = Math.max(lastSeconds, u.cpuSeconds() - baselineSeconds);
        lastSeconds = seconds;
        return new Usage(seconds, u.residentBytes(), u.processes());
    }

    private Usage raw() {
        // Read ourselves first: a child reaped between the two reads is then missed for one tick, never counted twice.
        ProcStat self = stat(selfPid);
        if (self == null) {
            throw new IllegalStateException("cannot read " + proc.resolve(selfPid + "/stat"));
        }
        List<ProcStat> tree = reads++ % RESCAN_EVERY == 0 ? scan() : known();
        long ticks = self.cutime() + self.cstime() + (includeSelf ? self.utime() + self.stime() : 0);
        long rss = includeSelf ? self.rssPages() : 0;
        for (ProcStat c : tree) {
            ticks += c.utime() + c.stime() + c.cutime() + c.cstime();
            rss += c.rssPages();
        }
        return new Usage(ticks / ProcStat.USER_HZ, rss * ProcStat.PAGE_BYTES, tree.size() + (includeSelf ? 1 : 0));
    }

    /** Reads every process, keeps our descendants. */
    private List<ProcStat> scan() {
        Map<Long, List<ProcStat>> children = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0)) && !name.equals(String.valueOf(selfPid))) {
                    ProcStat s = stat(Long.parseLong(name));
                    if (s != null) {
                        children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        List<ProcStat> tree = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>();
        todo.push(selfPid);
        while (!todo.isEmpty()) {
            for (ProcStat c : children.getOrDefault(todo.pop(), List.of())) {
                tree.add(c);
                todo.push(c.pid());
            }
        }
        members.clear();
        tree.forEach(s -> members.add(s.pid()));
        return tree;
    }

    /** Re-reads the known members; drops those gone or no longer ours (a pid reused by a stranger). */
    private List<ProcStat> known() {
        List<ProcStat> tree = new ArrayList<>(members.size());
        java.util.Set<Long> ours = new java.util.HashSet<>();
        ours.add(selfPid);
        for (java.util.Iterator<Long> it = members.iterator(); it.hasNext(); ) {
            ProcStat s = stat(it.next());
            if (s == null || !ours.contains(s.ppid())) {
                it.remove();
            } else {
                tree.add(s);
                ours.add(s.pid());
            }
        }
        return tree;
    }

    private ProcStat stat(long pid) {
        String line;
        try {
            line = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return null; // exited meanwhile
        }
        return ProcStat.parse(line);
    }
}
