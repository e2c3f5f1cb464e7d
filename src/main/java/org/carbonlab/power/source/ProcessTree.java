package org.carbonlab.power.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carbonlab.hardware.ProcStat;

/**
 * CPU time and resident memory of a process tree, read from procfs ({@code /proc/PID/stat}).
 *
 * <p>The tree is this JVM's descendants (the commands it runs), plus the JVM itself when {@code includeSelf}.
 * CPU time = for every live descendant, its user+system time plus that of its children it has already waited for;
 * plus the children this JVM has waited for (their time moves into our {@code cutime}/{@code cstime} when reaped),
 * measured from when the tree was created. Processes that escape the tree (daemonised, re-parented to init) are
 * not counted; a process's last tick before it is reaped may be missed until the reaping lands in its parent.
 *
 * <p>Cheap enough to read ten times a second: each member's stat file is opened once and read again in place
 * ({@link KernelFile}); our own (which changes only when we reap a child) is read when a member has ended, at
 * each rescan, and at every read when we are in the tree; a child of ours that ends without ever being a member is
 * counted at the next rescan. New descendants are looked for only every {@value #RESCAN_EVERY} reads, in the
 * members' {@code /proc/PID/task/TID/children} lists (the whole of procfs is scanned only where the kernel has no
 * such lists). Counters are cumulative, so a child found a few reads late loses nothing: its whole CPU time appears
 * when it is found, and one that ends before being found is counted through its parent's {@code cutime}.
 */
public final class ProcessTree implements AutoCloseable {

    /** Looks for new descendants every this many reads. */
    public static final int RESCAN_EVERY = 50;

    private final Path proc;
    private final long selfPid;
    private final boolean includeSelf;
    private final boolean childLists;
    private final ProcStat.File self;
    /** Our own stat line as last read. */
    private ProcStat me;
    /** The descendants known, parents before their children, with their open stat files. */
    private final Map<Long, ProcStat.File> members = new LinkedHashMap<>();
    /** The pids of the tree read so far in this read (ourselves, then members whose parent is already in it). */
    private long[] ours = new long[8];
    private final double baselineSeconds;
    private double lastSeconds;
    private int reads;

    /** A snapshot of the tree. */
    public record Usage(double cpuSeconds, long residentBytes, int processes) {
    }

    /** Measures this JVM's descendants (and itself if {@code includeSelf}) from now on. */
    public ProcessTree(boolean includeSelf) {
        this(Path.of("/proc"), ProcessHandle.current().pid(), includeSelf);
    }

    /** The procfs this tree reads (the machine's own, or a fake one in tests). */
    Path proc() {
        return proc;
    }

    /** Measures the tree rooted at {@code selfPid} in the procfs at {@code proc} (a fake tree in tests). */
    public ProcessTree(Path proc, long selfPid, boolean includeSelf) {
        this.proc = proc;
        this.selfPid = selfPid;
        this.includeSelf = includeSelf;
        this.self = ProcStat.File.open(statOf(selfPid));
        if (self == null) {
            throw new IllegalStateException("cannot read " + statOf(selfPid));
        }
        this.childLists = Files.isReadable(proc.resolve(selfPid + "/task/" + selfPid + "/children"));
        this.baselineSeconds = raw().cpuSeconds();
    }

    /** Returns whether procfs can be read here. */
    public static boolean available(Path proc) {
        return Files.isReadable(proc.resolve("self").resolve("stat"))
                || Files.isReadable(proc.resolve(String.valueOf(ProcessHandle.current().pid())).resolve("stat"));
    }

    /** Adds a process just started by this JVM, so it is counted from its first tick rather than the next scan. */
    public synchronized void track(long pid) {
        adopt(pid);
    }

    /** Returns CPU seconds used since creation (never decreasing) and the current resident size. */
    public synchronized Usage usage() {
        Usage u = raw();
        double seconds = Math.max(lastSeconds, u.cpuSeconds() - baselineSeconds);
        lastSeconds = seconds;
        return new Usage(seconds, u.residentBytes(), u.processes());
    }

    /** Closes the stat files it holds open. */
    @Override
    public synchronized void close() {
        self.close();
        members.values().forEach(ProcStat.File::close);
        members.clear();
    }

    private Usage raw() {
        // Our own line changes only when we reap a child (its time moves into our cutime), so it is read when a
        // member has ended, at each rescan, and always when we are in the tree; the rest of the time it is kept.
        boolean rescan = reads++ % RESCAN_EVERY == 0;
        boolean fresh = includeSelf || rescan || me == null;
        if (fresh) {
            readSelf();
        }
        if (rescan) {
            discover();
        }
        Usage u = sum(fresh);
        if (u == null) { // a member ended: its time is in its parent's counters now; read ours, then the members
            readSelf();
            u = sum(true);
        }
        return u;
    }

    private void readSelf() {
        me = self.read();
        if (me == null) {
            throw new IllegalStateException("cannot read " + statOf(selfPid));
        }
    }

    /**
     * Our counters and the members', read after ours (a child reaped between the two reads is then missed for one
     * read, never counted twice); null when a member has ended and ours were not read in this read.
     */
    private Usage sum(boolean selfFresh) {
        long ticks = me.cutime() + me.cstime() + (includeSelf ? me.utime() + me.stime() : 0);
        long rss = includeSelf ? me.rssPages() : 0;
        int processes = includeSelf ? 1 : 0;
        if (ours.length < members.size() + 1) {
            ours = new long[2 * members.size() + 1];
        }
        ours[0] = selfPid;
        int found = 1;
        boolean ended = false;
        for (Iterator<Map.Entry<Long, ProcStat.File>> it = members.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ProcStat.File> e = it.next();
            ProcStat c = e.getValue().read();
            if (c == null || !contains(ours, found, c.ppid())) { // ended, or re-parented out of the tree
                ended |= c == null;
                e.getValue().close();
                it.remove();
                continue;
            }
            ours[found++] = c.pid();
            ticks += c.utime() + c.stime() + c.cutime() + c.cstime();
            rss += c.rssPages();
            processes++;
        }
        if (ended && !selfFresh) {
            return null;
        }
        return new Usage(ticks / ProcStat.USER_HZ, rss * ProcStat.PAGE_BYTES, processes);
    }

    private static boolean contains(long[] pids, int n, long pid) {
        for (int i = 0; i < n; i++) {
            if (pids[i] == pid) {
                return true;
            }
        }
        return false;
    }

    /** Finds descendants not yet known, each after its parent. */
    private void discover() {
        Deque<Long> todo = new ArrayDeque<>();
        if (childLists) {
            todo.add(selfPid);
            todo.addAll(members.keySet());
            Set<Long> seen = new HashSet<>(todo);
            while (!todo.isEmpty()) {
                for (long child : listedChildren(todo.poll())) {
                    if (seen.add(child)) {
                        adopt(child);
                        todo.add(child);
                    }
                }
            }
            return;
        }
        Map<Long, List<Long>> children = new HashMap<>(); // no child lists: every process's parent, from its stat
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0)) && !name.equals(String.valueOf(selfPid))) {
                    try (ProcStat.File f = ProcStat.File.open(d.resolve("stat"))) {
                        ProcStat s = f == null ? null : f.read();
                        if (s != null) {
                            children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s.pid());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        todo.push(selfPid);
        while (!todo.isEmpty()) {
            for (long c : children.getOrDefault(todo.pop(), List.of())) {
                adopt(c);
                todo.push(c);
            }
        }
    }

    /** The children of every thread of {@code pid} (a child's parent is the thread that started it). */
    private List<Long> listedChildren(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(pid + "/task"))) {
            for (Path task : tasks) {
                byte[] list;
                try {
                    list = Files.readAllBytes(task.resolve("children")); // every few seconds: no file kept open
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                long child = -1;
                for (byte b : list) { // "PID PID ... " (usually empty)
                    if (b >= '0' && b <= '9') {
                        child = (child < 0 ? 0 : child * 10) + (b - '0');
                    } else if (child >= 0) {
                        out.add(child);
                        child = -1;
                    }
                }
                if (child >= 0) {
                    out.add(child);
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile: it has no children to find
        }
        return out;
    }

    private void adopt(long pid) {
        if (pid != selfPid && !members.containsKey(pid)) {
            ProcStat.File f = ProcStat.File.open(statOf(pid));
            if (f != null) {
                members.put(pid, f);
            }
        }
    }

    private Path statOf(long pid) {
        return proc.resolve(pid + "/stat");
    }
}
