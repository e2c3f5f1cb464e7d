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
 * The shipped SPECpower table states what its validation supports, and {@code scripts/make-specpower-table.py} makes
 * its bands as its validation says: order statistics (k at least 2) where a generation has 19 servers or more, below
 * that the median times the other generations' P10-P90 ratio (checked against a brute-force enumeration of every
 * subset; the script counts them by a closed formula), both widened by the smallest factor under which older servers'
 * bands held 80 % of newer ones (checked here against the forward test recomputed from the data), client parts in no
 * generation.
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
    void everyShippedRowStatesTheLevelItsForwardTestSupports() {
        SpecpowerModels table = SpecpowerModels.load();
        List<SpecpowerModels.Model> generations = new ArrayList<>();
        for (String id : GENERATIONS) {
            generations.add(table.generation(id).orElseThrow(() -> new AssertionError("no row " + id)));
        }
        SpecpowerModels.Model all = table.generation(SpecpowerModels.ALL).orElseThrow();
        for (SpecpowerModels.Model m : generations) {
            String id = m.generation();
            for (SpecpowerModels.Watts w : List.of(m.idle(), m.full())) {
                assertTrue(0 < w.low() && w.low() < w.median() && w.median() < w.high(), id + ": " + w);
            }
            assertTrue(m.full().median() > m.idle().median(), id);
            assertTrue(m.coverage() <= 0.8 && m.joint() <= 0.8, id + " states " + m.coverage() + " / " + m.joint()
                    + ": the forward test's, at most 80 %");
            if (m.coverage() < table.generation("sandybridge").orElseThrow().coverage()) { // below the pooled level:
                assertEquals((double) m.forwardHeld() / m.forwardServers(), m.coverage(), 1e-3, // its own share
                        id + " states what its own newer servers showed");
            }
            assertEquals(m.servers() < 19, m.pooled(), id + ": pooled exactly below 19 servers");
            assertEquals(m.pooled(), m.basis().contains("(spread of the other generations)"), m.basis());
            assertEquals(m.forwardServers() == 0, m.basis().contains("too few servers for a test of its own"),
                    m.basis());
            assertTrue(m.basis().contains(Math.round(m.coverage() * 100) + " % band"), m.basis());
            assertTrue(m.basis(true).contains(Math.round(m.joint() * 100) + " % band at idle and 100 % together"),
                    m.basis(true));
        }
        // the desktop Core i5-4570 (32.75 W per thread) is in no generation: Haswell's 16 servers are Xeons
        SpecpowerModels.Model cascade = table.generation("cascadelake").orElseThrow();
        assertTrue(cascade.coverage() < 0.5 && cascade.basis().contains(Math.round(100 * cascade.coverage())
                + " % band") && cascade.basis().contains("its own newer servers: 7 of 16 held"), cascade.basis());
        SpecpowerModels.Model haswell = table.generation("haswell").orElseThrow();
        assertEquals(16, haswell.servers());
        assertTrue(haswell.full().high() < 10, "no band's end is a desktop's: " + haswell.full());
        // the fallback: every server, around the median of the generations' medians, narrower than their hull
        assertEquals(generations.stream().mapToInt(SpecpowerModels.Model::servers).sum(), all.servers());
        double[] medians = generations.stream().mapToDouble(m -> m.full().median()).sorted().toArray();
        assertEquals((medians[8] + medians[9]) / 2, all.full().median(), 1e-4, "18 generations' median");
        assertTrue(all.full().high() < generations.stream().mapToDouble(m -> m.full().high()).max().orElseThrow()
                && all.full().low() > generations.stream().mapToDouble(m -> m.full().low()).min().orElseThrow(),
                "no wider than a left-out generation needs: " + all.full());
        // its level is what the nested leave-generation-out test held, the lower figure where it is below 80 %
        assertEquals(Math.min(0.8, (double) all.forwardHeld() / all.forwardServers()), all.coverage(), 1e-3);
        assertTrue(all.coverage() < 0.8 && all.basis().contains("which held " + Math.round(100.0 * all.forwardHeld()
                / all.forwardServers()) + " % of a left-out generation's servers"), all.basis());
        assertTrue(all.basis().contains("the CPU is not identified"), all.basis());
    }

    @Test
    void theScriptWidensTheBandUntilOlderServersHoldTheNewerOnes(@TempDir Path ccf) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "Debian's python3 runs the script");
        Random random = new Random(25);
        // two generations whose newer servers drift 15 % up from their older ones, one with three servers
        Map<String, double[]> older = new TreeMap<>();
        Map<String, double[]> newer = new TreeMap<>();
        older.put("epyc-gen2", servers(random, 24, 1.6, 0.15));
        newer.put("epyc-gen2", servers(random, 8, 1.6 * 1.15, 0.15));
        older.put("icelake", servers(random, 20, 3.9, 0.15));
        newer.put("icelake", servers(random, 6, 3.9 * 1.15, 0.15));
        older.put("neoverse-n1", new double[] {1.9, 2.0, 1.5});
        Map<String, String> cpu = Map.of("epyc-gen2", "AMD EPYC 7702", "icelake", "Intel Xeon Gold 6338",
                "neoverse-n1", "Ampere Altra Q80-30", "haswell", "Intel Core i5-4570");
        Files.createDirectories(ccf.resolve("data"));
        for (String list : SCRIPT_LISTS) {
            String gen = list.replaceFirst("^(amd|intel)-", "").replace(".csv", "");
            Files.writeString(ccf.resolve("data").resolve(list), cpu.containsKey(gen)
                    ? cpu.get(gen).substring(cpu.get(gen).lastIndexOf(' ') + 1) + "\n" : "");
        }
        StringBuilder csv = new StringBuilder("Hardware Vendor,System,CPU Description,Published,Total Threads,"
                + "avg. watts @ 100%,avg. watts @ active idle\n");
        // 100 threads: the W per thread is the server's watts / 100, written to two decimals of a watt; idle a quarter
        older.forEach((gen, watts) -> row(csv, cpu.get(gen), "Jan-2020", watts));
        newer.forEach((gen, watts) -> row(csv, cpu.get(gen), "Jan-2021", watts));
        row(csv, "Intel Core i5-4570", "Dec-2014", new double[] {32.75}); // a desktop in CCF's Haswell list
        Files.writeString(ccf.resolve("data/SPECpower-2026-03-09.csv"), csv);
        Path table = ccf.resolve("table.csv");
        Path forms = ccf.resolve("forms.csv");
        Process p = new ProcessBuilder(python.toString(), "scripts/make-specpower-table.py", ccf.toString(),
                "--commit", "test", "--out-table", table.toString(), "--out-forms", forms.toString(),
                "--out-validation", ccf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);

        Map<String, String[]> rows = new TreeMap<>();
        double factor = Double.NaN;
        for (String line : Files.readAllLines(table)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("widened by x([0-9.]+)").matcher(line);
            if (m.find()) {
                factor = Double.parseDouble(m.group(1));
            } else if (!line.startsWith("#") && !line.startsWith("generation,")) {
                rows.put(line.split(",")[0], line.split(",", -1));
            }
        }
        assertTrue(!rows.containsKey("haswell"), "the client part makes no generation: " + rows.keySet());
        // the widening is the smallest on the grid under which the older servers' order bands hold >= 80 % of the
        // newer ones (both generations' older parts have >= 19 servers: order bands, k = floor(0.1 (m + 1)))
        assertTrue(forwardHeld(older, newer, factor) >= 0.8, "x" + factor + " holds 80 %");
        assertTrue(forwardHeld(older, newer, factor - 0.01) < 0.8, "x" + (factor - 0.01) + " would not");
        assertTrue(factor > 1.0, "the drift asked for a widening: x" + factor);
        // the shipped rows: order over all 32 servers (k = 3) widened; pooled for three servers, widened, no hull
        double[] gen2 = sortedRounded(concat(older.get("epyc-gen2"), newer.get("epyc-gen2")));
        assertRow(rows.get("epyc-gen2"), "order", gen2[2] / factor, median(gen2), gen2[29] * factor);
        double[] ice = sortedRounded(concat(older.get("icelake"), newer.get("icelake")));
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
        double[] n1 = sortedRounded(older.get("neoverse-n1"));
        double mid = median(n1);
        assertRow(rows.get("neoverse-n1"), "pooled", mid * quantile(pooled, 0.1) / factor, mid,
                mid * quantile(pooled, 0.9) * factor);
        assertEquals("0", rows.get("neoverse-n1")[13], "three servers of one month: no forward test of its own");
        assertEquals("8", rows.get("epyc-gen2")[13], "its 8 newer servers were tested");
        double stated = Double.parseDouble(rows.get("epyc-gen2")[9]);
        assertTrue(stated <= 0.8, "at most the nominal level: " + stated);
        List<String> validation = Files.readAllLines(ccf.resolve("validation.md"));
        assertTrue(validation.stream().anyMatch(l -> l.contains("Intel Core i5-4570")), "the client part is named");
        assertTrue(validation.stream().anyMatch(l -> l.startsWith("| epyc-gen2 | 32 |") && l.contains("/8 = ")),
                "the forward test of 8 newer servers with its n: " + validation);
        List<String> form = Files.readAllLines(forms).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals("load,low,high", form.get(0));
        assertEquals(22, form.size(), "loads 0, 0.05, ..., 1");
    }

    private static void row(StringBuilder csv, String cpu, String published, double[] watts) {
        for (double w : watts) {
            csv.append(String.format(Locale.ROOT, "V,S,%s,%s,100,%.2f,%.2f%n", cpu, published, w * 100, w * 25));
        }
    }

    /** The share of newer servers inside the older servers' order band widened by factor, pooled over generations. */
    private static double forwardHeld(Map<String, double[]> older, Map<String, double[]> newer, double factor) {
        int held = 0;
        int n = 0;
        for (String gen : newer.keySet()) {
            double[] o = sortedRounded(older.get(gen));
            int k = Math.max(1, (int) Math.floor(0.1 * (o.length + 1) + 1e-9));
            double lo = o[k - 1] / factor;
            double hi = o[o.length - k] * factor;
            for (double w : sortedRounded(newer.get(gen))) {
                held += lo <= w && w <= hi ? 1 : 0;
                n++;
            }
        }
        return (double) held / n;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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

    private static void assertRow(String[] row, String band, double low, double median, double high) {
        String what = String.join(",", row);
        assertEquals(band, row[8], what);
        assertEquals(low, Double.parseDouble(row[5]), 1e-4, "low at 100 %: " + what);
        assertEquals(median, Double.parseDouble(row[6]), 1e-4, "median at 100 %: " + what);
        assertEquals(high, Double.parseDouble(row[7]), 1e-4, "high at 100 %: " + what);
    }
}
