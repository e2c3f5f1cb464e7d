package org.carbonlab.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How carbonlab stops a process it started, everywhere (a study's trial, a measured command, a preflight, a trial a
 * dead runner left): the whole tree, never the process alone (an interpreter or a launcher may have started children
 * of its own), SIGTERM first to every process of it, then, after a grace period, SIGKILL to whatever is left. The
 * tree is collected before any signal: once a process is gone, its children are no longer below it.
 */
public final class ProcessStop {

    /** The grace period a stopped tree has to end on SIGTERM before SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private ProcessStop() {
    }

    /**
     * Stops {@code root} and every process below it: SIGTERM, up to {@code grace} for all of them to end, then SIGKILL
     * (a zero grace: SIGKILL at once), and up to 5 s more for the kill to take.
     *
     * @return whether every process of the tree ended
     */
    public static boolean tree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        if (!grace.isZero()) {
            all.forEach(ProcessHandle::destroy);
            if (awaitAll(all, grace)) {
                return true;
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return awaitAll(all, Duration.ofSeconds(5));
    }

    /** {@link #tree} at once: SIGKILL to the whole tree (a trial past its timeout, a leftover). */
    public static boolean kill(ProcessHandle root) {
        return tree(root, Duration.ZERO);
    }

    private static boolean awaitAll(List<ProcessHandle> all, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            for (ProcessHandle h : all) {
                long left = deadline - System.nanoTime();
                if (left <= 0 && h.isAlive()) {
                    return false;
                }
                h.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all.stream().noneMatch(ProcessHandle::isAlive);
        }
    }
}
