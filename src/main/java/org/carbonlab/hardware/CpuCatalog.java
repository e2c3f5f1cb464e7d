package org.carbonlab.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.carbonlab.util.Csv;

/**
 * TDP and core count per CPU model (resource {@code cpu-tdp.csv}, from Green Algorithms, CC BY 4.0), and the
 * lookup of the CPU this process runs on.
 */
public final class CpuCatalog {

    /**
     * One CPU model.
     *
     * @param model         the catalog's model name
     * @param tdpWatts      thermal design power in W ({@code NaN} for the default row)
     * @param cores         physical cores (0 for the default row)
     * @param tdpPerCoreWatts TDP per core in W, as the catalog gives it
     * @param source        where the figures come from
     */
    public record Cpu(String model, double tdpWatts, int cores, double tdpPerCoreWatts, String source) {
    }

    private final List<Cpu> cpus;
    private final Cpu fallback;

    private CpuCatalog(List<Cpu> cpus, Cpu fallback) {
        this.cpus = List.copyOf(cpus);
        this.fallback = fallback;
    }

    /** The catalog shipped with carbonlab, read once per JVM (it never changes while it runs). */
    public static CpuCatalog load() {
        return Shipped.CATALOG;
    }

    /** Holds the shipped catalog, read on first use. */
    private static final class Shipped {
        static final CpuCatalog CATALOG = read();
    }

    private static CpuCatalog read() {
        List<Cpu> cpus = new ArrayList<>();
        Cpu fallback = null;
        for (String line : Csv.resourceRows(CpuCatalog.class, "cpu-tdp.csv")) {
            String[] f = line.split(",", 5);
            Cpu cpu = new Cpu(f[0], f[1].isEmpty() ? Double.NaN : Double.parseDouble(f[1]),
                    f[2].isEmpty() ? 0 : Integer.parseInt(f[2]), Double.parseDouble(f[3]), f[4]);
            if (cpu.model().equals("Any")) {
                fallback = cpu;
            } else {
                cpus.add(cpu);
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("cpu-tdp.csv has no 'Any' default row");
        }
        return new CpuCatalog(cpus, fallback);
    }

    /** Returns the default used for an unknown CPU model. */
    public Cpu fallback() {
        return fallback;
    }

    /** Returns every CPU in the catalog. */
    public List<Cpu> cpus() {
        return cpus;
    }

    /**
     * Finds the catalog entry for a model string as the kernel reports it ("Intel(R) Xeon(R) Gold 6148 CPU @
     * 2.40GHz"). An entry matches when all its words appear consecutively in the model; the longest match wins. A
     * bare family name ("AMD EPYC", as many VMs report) matches nothing.
     */
    public Optional<Cpu> find(String reportedModel) {
        List<String> words = words(reportedModel);
        Cpu best = null;
        int bestLen = 0;
        for (Cpu c : cpus) {
            List<String> w = words(c.model());
            if (w.size() > bestLen && java.util.Collections.indexOfSubList(words, w) >= 0) {
                best = c;
                bestLen = w.size();
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> words(String s) {
        String cleaned = s.toLowerCase(Locale.ROOT).replace("(r)", " ").replace("(tm)", " ")
                .replaceAll("@.*$", " ").replaceAll("[^a-z0-9+-]+", " ").trim();
        List<String> out = new ArrayList<>(Arrays.asList(cleaned.split(" +")));
        out.removeIf(w -> w.isEmpty() || w.equals("intel") || w.equals("amd") || w.equals("cpu")
                || w.equals("processor") || w.matches("\\d+-core"));
        return out;
    }

    /** Returns the CPU model this machine reports in {@code cpuinfo} ("model name"), or empty. */
    public static Optional<String> reportedModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    return Optional.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The flags of the first processor listed in {@code cpuinfo}; empty if it cannot be read. */
    public static java.util.Set<String> flags(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> java.util.Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(java.util.Set.of());
        } catch (IOException | java.io.UncheckedIOException e) {
            return java.util.Set.of();
        }
    }

    /**
     * The vector-arithmetic flags among {@code flags} (AVX, AVX2, FMA, F16C, AVX-512 and its BF16/FP16 parts, AMX),
     * sorted and space-separated: what decides the speed of each number format, so manifests and rooflines record
     * it beside the model name ("AMD EPYC" names several generations). "none" if there are none.
     */
    public static String simd(java.util.Set<String> flags) {
        String s = String.join(" ", flags.stream().filter(f -> f.startsWith("avx") || f.startsWith("amx")
                || f.equals("fma") || f.equals("f16c")).sorted().toList());
        return s.isEmpty() ? "none" : s;
    }
}
