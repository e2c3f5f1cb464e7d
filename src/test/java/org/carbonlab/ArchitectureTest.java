package org.carbonlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages' layers, as README.md's architecture section draws them: a package may use packages of lower layers
 * only, never one of its own layer or above. The sources are scanned (imports and qualified names in code, not in
 * comments or string literals), so a new upward arrow fails here with the file and the line.
 */
class ArchitectureTest {

    /** Lowest first; README.md draws the same. */
    static final List<List<String>> LAYERS = List.of(
            List.of("util", "stats"),
            List.of("hardware"),
            List.of("power"),
            List.of("power.source", "engine"),
            List.of("carbon"),
            List.of("kernel", "workload", "measure"),
            List.of("results"),
            List.of("experiment", "report", "jmh"),
            List.of("cluster"),
            List.of("cli"));

    private static final Path ROOT = Path.of("src/main/java/org/carbonlab");
    private static final Pattern REFERENCE = Pattern.compile("org\\.carbonlab\\.([a-z0-9]+(?:\\.[a-z0-9]+)*)\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyLowerLayers() throws IOException {
        Map<String, Integer> layer = new LinkedHashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                layer.put(p, i);
            }
        }
        List<String> violations = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String own = ROOT.relativize(f.getParent()).toString().replace('/', '.');
            packages.add(own);
            Integer ownLayer = layer.get(own);
            if (ownLayer == null) {
                violations.add(f + ": package " + own + " has no layer: add it to LAYERS and to README.md");
                continue;
            }
            List<String> lines = Files.readAllLines(f);
            boolean inComment = false;
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (inComment || line.startsWith("/*") || line.startsWith("*") || line.startsWith("//")) {
                    inComment = (inComment || line.startsWith("/*")) && !line.contains("*/");
                    continue;
                }
                Matcher m = REFERENCE.matcher(line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")); // code, not text
                while (m.find()) {
                    String used = packageOf(m.group(1), layer);
                    if (used.equals(own)) {
                        continue;
                    }
                    Integer usedLayer = layer.get(used);
                    if (usedLayer == null || usedLayer >= ownLayer) {
                        violations.add(f + ":" + (n + 1) + ": " + own + " (layer " + ownLayer + ") uses " + used
                                + " (layer " + usedLayer + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "upward or sideways dependencies");
        assertTrue(packages.containsAll(layer.keySet()), "every layered package exists: " + packages);
    }

    /** The longest layered package that {@code qualified} (a package, perhaps followed by nested names) names. */
    private static String packageOf(String qualified, Map<String, Integer> layer) {
        String p = qualified;
        while (!layer.containsKey(p) && p.contains(".")) {
            p = p.substring(0, p.lastIndexOf('.'));
        }
        return p;
    }
}
