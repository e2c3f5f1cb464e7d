package org.carbonlab.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped SPECpower table keeps its promises, and {@code scripts/make-specpower-table.py} makes its bands as its
 * validation says: order statistics where a generation has enough servers, and below that the hull of the servers'
 * range and their median times the other generations' P10-P90 ratio, checked here against a brute-force enumeration
 * of every subset (the script counts them by a closed formula).
 */
class SpecpowerModelsTest {

    private static final String[] SCRIPT_LISTS = {"amd-epyc-gen1.csv", "amd-epyc-gen2.csv", "amd-epyc-gen3.csv",
        "amd-epyc-gen4.csv", "amd-epyc-gen5.csv", "amd-neoverse-n1.csv", "intel-sandybridge.csv",
        "intel-ivybridge.csv", "intel-haswell.csv", "intel-broadwell.csv", "intel-skylake-client.csv",
        "intel-skylake-server.csv", "intel-cascadelake.csv", "intel-coffeelake.csv", "intel-icelake.csv",
        "intel-sapphirerapids.csv", "intel-emeraldrapids.csv", "intel-graniterapids.csv"};

    /** The generations of the shipped table (the script's GENERATIONS that have servers). */
    private static final List<String> GENERATIONS = List.of("epyc-gen1", "epyc-gen2", "epyc-gen3", "epyc-gen4",
            "epyc-gen5", "neoverse-n1", "sandybridge", "ivybridge", "haswell", "broadwell", "skylake-client",
            "skylake-server", "cascadelake", "coffeelake", "icelake", "sapphirerapids", "emeraldrapids",
            "graniterapids");

    @Test
    void everyShippedRowHoldsItsMedianInsideAnEightyPercentBandMadeAsItSays() {
        SpecpowerModels table = SpecpowerModels.load();
        List<SpecpowerModels.Model> generations = new ArrayList<>();
        for (String id : GENERATIONS) {
            generations.add(table.generation(id).orElseThrow(() -> new AssertionError("no row " + id)));
        }
        SpecpowerModels.Model all = table.generation(SpecpowerModels.ALL).orElseThrow();
        List<SpecpowerModels.Model> rows = new ArrayList<>(generations);
        rows.add(all);
        for (SpecpowerModels.Model m : rows) {
            String id = m.generation();
            for (SpecpowerModels.Watts w : List.of(m.idle(), m.full())) {
                assertTrue(0 < w.low() && w.low() <= w.median() && w.median() <= w.high(), id + ": " + w);
            }
            assertTrue(m.full().median() > m.idle().median(), id);
            assertTrue(m.coverage() >= 0.8, id + " promises " + m.coverage());
            assertEquals(m.servers() < 9, m.pooled(), id + ": pooled exactly below 9 servers");
            assertEquals(m.pooled(), m.basis().contains("(spread of the other generations)"), m.basis());
            assertEquals(m.servers() >= 5, !Double.isNaN(m.heldOut()), id + ": leave-one-out from 5 servers");
        }
        // the fallback: every generation's band at once, around the median of their medians
        assertEquals(generations.stream().mapToInt(SpecpowerModels.Model::servers).sum(), all.servers());
        assertEquals(generations.stream().mapToDouble(m -> m.full().low()).min().orElseThrow(), all.full().low(),
                1e-4);
        assertEquals(generations.stream().mapToDouble(m -> m.full().high()).max().orElseThrow(), all.full().high(),
                1e-4);
        double[] medians = generations.stream().mapToDouble(m -> m.full().median()).sorted().toArray();
        assertEquals((medians[8] + medians[9]) / 2, all.full().median(), 1e-4, "18 generations' median");
        assertTrue(all.basis().contains("the widest band") && all.basis().contains("the CPU is not identified"),
                all.basis());
        assertEquals(all.coverage(), all.heldOut(), 1e-12, "the fallback's coverage is what it held");
        SpecpowerModels.Model coffee = table.generation("coffeelake").orElseThrow();
        assertEquals(7.0 / 9, coffee.heldOut(), 1e-3, "the label says what leave-one-out found: 7 of 9");
        assertTrue(coffee.basis().endsWith("which held 78 % of its servers left out one at a time"), coffee.basis());
    }

    @Test
    void theScriptBorrowsTheOtherGenerationsSpreadExactlyBelowNineServers(@TempDir Path ccf) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "Debian's python3 runs the script");
        Random random = new Random(25);
        Map<String, double[]> full = new TreeMap<>();
        full.put("epyc-gen2", servers(random, 19, 1.6, 0.3));
        full.put("icelake", servers(random, 10, 3.9, 0.5));
        full.put("neoverse-n1", new double[] {1.9, 2.0, 1.5});
        Map<String, String> cpu = Map.of("epyc-gen2", "AMD EPYC 7702", "icelake", "Intel Xeon Gold 6338",
                "neoverse-n1", "Ampere Altra Q80-30");
        Files.createDirectories(ccf.resolve("data"));
        for (String list : SCRIPT_LISTS) {
            String gen = list.replaceFirst("^(amd|intel)-", "").replace(".csv", "");
            Files.writeString(ccf.resolve("data").resolve(list), cpu.containsKey(gen)
                    ? cpu.get(gen).substring(cpu.get(gen).lastIndexOf(' ') + 1) + "\n" : "");
        }
        StringBuilder csv = new StringBuilder("Hardware Vendor,System,CPU Description,Published,Total Threads,"
                + "avg. watts @ 100%,avg. watts @ active idle\n");
        full.forEach((gen, watts) -> {
            for (double w : watts) {
                // 100 threads: the W per thread is the server's watts / 100, written to two decimals of a watt
                csv.append(String.format(Locale.ROOT, "V,S,%s,Jan-2024,100,%.2f,%.2f%n", cpu.get(gen), w * 100,
                        w * 25));
            }
        });
        Files.writeString(ccf.resolve("data/SPECpower-2026-03-09.csv"), csv);
        Path table = ccf.resolve("table.csv");
        Process p = new ProcessBuilder(python.toString(), "scripts/make-specpower-table.py", ccf.toString(),
                "--commit", "test", "--out-table", table.toString(), "--out-validation", ccf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);

        Map<String, String[]> rows = new TreeMap<>();
        for (String line : Files.readAllLines(table)) {
            if (!line.startsWith("#") && !line.startsWith("generation,")) {
                rows.put(line.split(",")[0], line.split(",", -1));
            }
        }
        // 19 servers: k = floor(0.1 x 20) = 2, the 2nd smallest and the 2nd largest; 10 servers: k = 1, the range
        double[] gen2 = sortedRounded(full.get("epyc-gen2"));
        assertRow(rows.get("epyc-gen2"), "order", gen2[1], median(gen2), gen2[17], 16.0 / 20);
        double[] ice = sortedRounded(full.get("icelake"));
        assertRow(rows.get("icelake"), "order", ice[0], median(ice), ice[9], 9.0 / 11);

        // 3 servers: the median times the P10 and P90 of new / median-of-3 in the other two generations (equal
        // weight), by brute force over every server and every 3-subset of the rest; hull with the range
        double[][] donors = {gen2, ice};
        List<double[]> pooled = new ArrayList<>(); // ratio, probability
        for (double[] d : donors) {
            for (int held = 0; held < d.length; held++) {
                double[] rest = without(d, held);
                List<Double> medians = new ArrayList<>();
                subsets(rest, 3, 0, new double[3], 0, medians);
                for (double med : medians) {
                    pooled.add(new double[] {d[held] / med, 1.0 / donors.length / d.length / medians.size()});
                }
            }
        }
        pooled.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] n1 = sortedRounded(full.get("neoverse-n1"));
        double mid = median(n1);
        assertRow(rows.get("neoverse-n1"), "pooled", Math.min(n1[0], mid * quantile(pooled, 0.1)), mid,
                Math.max(n1[2], mid * quantile(pooled, 0.9)), 0.8);
        double heldOut = Double.parseDouble(rows.get("icelake")[11]);
        assertTrue(heldOut > 0 && heldOut <= 1, "leave-one-out over 10 servers: " + heldOut);
        assertEquals("", rows.get("neoverse-n1")[11], "3 servers: no leave-one-out");
        String[] all = rows.get("all");
        assertEquals("widest", all[8], String.join(",", all));
        assertEquals(Math.min(Math.min(gen2[1], ice[0]), Double.parseDouble(rows.get("neoverse-n1")[5])),
                Double.parseDouble(all[5]), 1e-4, "the lowest low end of the three generations");
        assertEquals(median(sortedRounded(new double[] {median(gen2), median(ice), mid})), Double.parseDouble(all[6]),
                1e-4, "the median of their medians");
        List<String> validation = Files.readAllLines(ccf.resolve("validation.md"));
        assertTrue(validation.stream().anyMatch(l -> l.startsWith("| icelake | 10 |") && l.contains("| order |")),
                "the validation holds out each of 10 servers in turn: " + validation);
        assertTrue(validation.stream().anyMatch(l -> l.startsWith("| neoverse-n1 | 3 |")
                && l.contains("n/a (fewer than 5 servers)")), "3 servers are too few to validate: " + validation);
    }

    private static double[] servers(Random random, int n, double median, double spread) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = median * Math.exp(spread * random.nextGaussian());
        }
        return w;
    }

    private static double[] sortedRounded(double[] perThread) {
        // what the script reads back: watts written to two decimals, over 100 threads
        return Arrays.stream(perThread).map(w -> Double.parseDouble(String.format(Locale.ROOT, "%.2f", w * 100)) / 100)
                .sorted().toArray();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double[] without(double[] values, int index) {
        double[] out = new double[values.length - 1];
        for (int i = 0, j = 0; i < values.length; i++) {
            if (i != index) {
                out[j++] = values[i];
            }
        }
        return out;
    }

    private static void subsets(double[] from, int size, int start, double[] picked, int count, List<Double> medians) {
        if (count == size) {
            double[] s = picked.clone();
            Arrays.sort(s);
            medians.add(median(s));
            return;
        }
        for (int i = start; i < from.length; i++) {
            picked[count] = from[i];
            subsets(from, size, i + 1, picked, count + 1, medians);
        }
    }

    private static double quantile(List<double[]> sortedPairs, double q) {
        double total = 0;
        for (double[] pair : sortedPairs) {
            total += pair[1];
            if (total >= q - 1e-12) {
                return pair[0];
            }
        }
        return sortedPairs.get(sortedPairs.size() - 1)[0];
    }

    private static void assertRow(String[] row, String band, double low, double median, double high,
                                  double coverage) {
        String what = String.join(",", row);
        assertEquals(band, row[8], what);
        assertEquals(low, Double.parseDouble(row[5]), 1e-4, "low at 100 %: " + what);
        assertEquals(median, Double.parseDouble(row[6]), 1e-4, "median at 100 %: " + what);
        assertEquals(high, Double.parseDouble(row[7]), 1e-4, "high at 100 %: " + what);
        assertEquals(coverage, Double.parseDouble(row[9]), 1e-3, "coverage: " + what);
    }
}
