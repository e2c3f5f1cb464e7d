package org.carbonlab.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** carbonlab's one stop policy: the whole tree, SIGTERM, then SIGKILL for what ignores it. */
class ProcessStopTest {

    @Test
    void theWholeTreeEndsAndWhatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        // a shell that ignores SIGTERM, with two children of its own
        Process p = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 60 & sleep 60 & wait; wait").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.toHandle().descendants().count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<ProcessHandle> children = p.toHandle().descendants().toList();
        assertTrue(children.size() >= 2, "two children: " + children);
        long t0 = System.nanoTime();
        assertTrue(ProcessStop.tree(p.toHandle(), Duration.ofMillis(500)));
        assertFalse(p.isAlive() || children.stream().anyMatch(ProcessHandle::isAlive), "nothing of the tree is left");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(450),
                "the shell ignored SIGTERM: it was killed after the grace");
        assertTrue(p.waitFor(1, TimeUnit.SECONDS) && p.exitValue() == 137, "SIGKILL: " + p.exitValue());
    }
}
