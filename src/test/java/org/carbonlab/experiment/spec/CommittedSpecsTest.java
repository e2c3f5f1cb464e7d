package org.carbonlab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.carbonlab.workload.FashionMnist;
import org.junit.jupiter.api.Test;

/**
 * Every committed study spec parses and plans (what {@code run --dry-run} checks), so none rots. Specs on the full
 * data need {@code dataset-fashion-mnist}, and specs that preload tcmalloc or jemalloc need their Debian packages:
 * without them they are passed over, except where {@code CARBONLAB_FULL_TESTS=1} (CI installs them): there a
 * missing one fails.
 */
class CommittedSpecsTest {

    @Test
    void everyCommittedSpecParsesAndPlans() throws Exception {
        boolean fullData = Files.isDirectory(FashionMnist.DEBIAN_DIR);
        boolean full = "1".equals(System.getenv("CARBONLAB_FULL_TESTS"));
        if (!fullData && full) {
            fail(FashionMnist.DEBIAN_DIR + " is missing: apt-get install -y dataset-fashion-mnist"
                    + " (CARBONLAB_FULL_TESTS=1)");
        }
        boolean preloads = installed(Allocator.TCMALLOC) && installed(Allocator.JEMALLOC);
        if (!preloads && full) {
            fail("tcmalloc or jemalloc is missing: apt-get install -y libtcmalloc-minimal4 libjemalloc2"
                    + " (CARBONLAB_FULL_TESTS=1)");
        }
        List<Path> specs;
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(specs.size() >= 9, "specs found: " + specs);
        int checked = 0;
        for (Path p : specs) {
            String text = Files.readString(p);
            if (!fullData && text.contains("data: full") || !preloads && text.matches("(?s).*(tcmalloc|jemalloc).*")) {
                continue;
            }
            ExperimentSpec spec = ExperimentSpec.parse(p);
            assertFalse(Plan.of(spec).trials().isEmpty(), p.toString());
            checked++;
        }
        assertTrue(checked >= 3, "checked " + checked);
    }

    private static boolean installed(Allocator a) {
        try {
            a.environment(java.util.Map.of());
            return true;
        } catch (org.carbonlab.util.UserException e) {
            return false;
        }
    }
}
