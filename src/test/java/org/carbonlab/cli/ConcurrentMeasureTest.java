package org.carbonlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Several {@code measure} runs started at the same moment without {@code --out} each get their own folder with
 * their own summary: never two measurements in one folder, never one refused for a folder another took.
 */
@org.junit.jupiter.api.Tag("forked")
class ConcurrentMeasureTest {

    @Test
    void measurementsStartedTogetherGetFoldersOfTheirOwn() throws Exception {
        Path root = Path.of("results", "measure");
        boolean rootWasThere = Files.isDirectory(root);
        Set<Path> before = folders(root);
        int n = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Integer>> codes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                codes.add(pool.submit(() -> {
                    go.await();
                    return new CliRun().run("measure", "--source", "estimate", "--interval", "20ms", "--", "true");
                }));
            }
            go.countDown();
            for (Future<Integer> f : codes) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Path> made = folders(root);
        made.removeAll(before);
        try {
            assertEquals(n, made.size(), "one folder per measurement: " + made);
            for (Path d : made) {
                assertTrue(Files.isRegularFile(d.resolve("summary.json")), d + " holds its summary");
                assertTrue(Files.isRegularFile(d.resolve("power.csv")), d + " holds its trace");
            }
        } finally {
            for (Path d : made) {
                try (Stream<Path> s = Files.walk(d)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            if (!rootWasThere) {
                Files.deleteIfExists(root); // the working tree as the test found it
            }
        }
    }

    private static Set<Path> folders(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            return new HashSet<>();
        }
        try (Stream<Path> s = Files.list(root)) {
            return new HashSet<>(s.toList());
        }
    }
}
