package org.carbonlab.report.study;

import org.carbonlab.results.TrialRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The notes of how a study's trials were obtained, each a line of its summary: the memory allocator, the estimate's
 * band and the whole VM beside it, what measuring cost, the start-up segment, the captures and what the CPU does with
 * BF16.
 */
final class RunNotes {

    private RunNotes() {
    }

    /**
     * The memory allocator of the trials' processes, from the environment each trial's record lists (the
     * {@code MALLOC_} variables and {@code LD_PRELOAD}); runs from before the setting say that it was not set.
     */
    static String allocator(StudyTable.Context c, List<TrialRecord> trials) {
        Optional<String> setting = c.manifest().definition().allocator();
        if (setting.isEmpty()) {
            return "- memory allocator: not set (the run predates the setting): each trial's process had its default,"
                    + " glibc's malloc with its own thresholds unless the environment set MALLOC_ variables\n";
        }
        Map<String, String> byVariant = new java.util.LinkedHashMap<>();
        for (String v : c.variants()) {
            trials.stream().filter(r -> r.variant().equals(v)).findFirst().ifPresent(r -> {
                java.util.TreeMap<String, String> env = new java.util.TreeMap<>(r.env() == null ? Map.of() : r.env());
                env.keySet().removeIf(k -> !k.startsWith("MALLOC_") && !k.equals("LD_PRELOAD"));
                byVariant.put(v, env.isEmpty() ? "the process's default" : String.join(", ", env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            });
        }
        if (new java.util.HashSet<>(byVariant.values()).size() > 1) {
            return "- memory allocator: varied by variant: " + String.join("; ", byVariant.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList()) + "\n";
        }
        return "- memory allocator of every trial's process: " + setting.get() + byVariant.values().stream()
                .findFirst().map(e -> " (" + e + ")").orElse("") + "\n";
    }

    /**
     * The estimate's band, where trials have one: every absolute energy, power and CO2e figure of the run scales by
     * the same factors; a ratio of two variants does not move (both are the same model's). Empty without a band.
     */
    static String band(List<TrialRecord> trials) {
        List<TrialRecord> banded = trials.stream().filter(r -> r.ok() && r.energyBand() != null && r.energyJ() != null
                && r.energyJ() > 0).toList();
        if (banded.isEmpty()) {
            return "";
        }
        org.carbonlab.stats.Interval f = StudyTable.bandFactors(trials, null).orElseThrow(); // banded is not empty
        double lo = f.low();
        double hi = f.high();
        double[] vm = banded.stream().flatMap(r -> r.devices().stream()).filter(d -> d.channel().equals("estimate:vm")
                && d.energyJ() != null).mapToDouble(TrialRecord.Device::energyJ).toArray();
        double process = banded.stream().mapToDouble(TrialRecord::energyJ).average().orElse(Double.NaN);
        return "- the estimate's band: every absolute energy, power and CO2e figure below lies in [" + fmt(lo) + "x, "
                + fmt(hi) + "x] of itself (" + banded.get(0).energyBand().basis() + "; each trial's ends in"
                + " trials.jsonl, emissions.csv); the ratios between variants do not move: both sides are the same"
                + " model's, whose scale cancels\n"
                + (vm.length == 0 ? "" : "- attribution: the process (its busy threads); the whole VM as Cloud Carbon"
                + " Footprint attributes an instance (every vCPU at the idle watts, plus the busy increment of all its"
                + " processes) was " + fmt(java.util.Arrays.stream(vm).average().orElse(Double.NaN)) + " J per trial"
                + " against the process's " + fmt(process) + " J (trials.jsonl, channel estimate:vm; not added)\n");
    }

    /**
     * One line per {@code capture:} of the workload: in how many ok trials it found its number, and why not where it
     * did not (empty without captures).
     */
    static String captures(List<TrialRecord> trials) {
        List<TrialRecord> ok = trials.stream().filter(r -> r.ok() && r.captures() != null).toList();
        Map<String, List<TrialRecord.Captured>> byName = new java.util.LinkedHashMap<>();
        ok.forEach(r -> r.captures().forEach((name, c) -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(c)));
        StringBuilder sb = new StringBuilder();
        byName.forEach((name, found) -> {
            long used = found.stream().filter(c -> c.value() != null && c.problem() == null && !c.superseded()).count();
            long superseded = found.stream().filter(TrialRecord.Captured::superseded).count();
            String problem = found.stream().map(TrialRecord.Captured::problem).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            sb.append("- captured ").append(name).append(": found in ").append(used).append(" of ")
                    .append(found.size()).append(" ok trials")
                    .append(superseded > 0 ? "; " + superseded + " reported it in their result line, which is used"
                            : "")
                    .append(problem != null ? "; e.g. " + problem : "").append('\n');
        });
        return sb.toString();
    }

    /**
     * Whether the CPU computes BF16 natively, said in words when a trial trained in BF16 on the CPU (empty
     * otherwise): without {@code avx512_bf16} or {@code amx_bf16} the BF16 figures are of emulation and say
     * nothing about CPUs that have it.
     */
    static String bf16Capability(String cpuSimd, List<TrialRecord> trials) {
        boolean cpuBf16 = trials.stream().anyMatch(r -> r.ok() && r.outcome().reported()
                && r.outcome().precision().contains("bf16")
                && (r.outcome().details() == null
                || !List.of("cuda", "gpu").contains(r.outcome().details().get("device"))));
        if (!cpuBf16) {
            return "";
        }
        String simd = cpuSimd == null ? "" : cpuSimd;
        List<String> native16 = java.util.Arrays.stream(simd.split("[ ,]+"))
                .filter(f -> f.equals("avx512_bf16") || f.equals("amx_bf16")).toList();
        return native16.isEmpty()
                ? "BF16 on this CPU: emulated (its flags name neither avx512_bf16 nor amx_bf16); the bf16 figures"
                + " show what BF16 costs without hardware support and say nothing about CPUs that have it"
                : "BF16 on this CPU: native (" + String.join(", ", native16) + "); on a CPU without these the same"
                + " trials run emulated BF16, usually slower than fp32";
    }

    /** What measuring the trials cost, where their records say (runs since the meter recorded its own cost). */
    static String meterCost(List<TrialRecord> trials) {
        List<TrialRecord> metered = trials.stream().filter(r -> r.ok() && r.meter() != null && r.energyJ() != null)
                .toList();
        if (metered.isEmpty()) {
            return "";
        }
        double cpu = metered.stream().mapToDouble(r -> r.meter().cpuSeconds()).sum();
        double wall = metered.stream().mapToDouble(TrialRecord::wallSeconds).sum();
        double joules = metered.stream().mapToDouble(r -> r.meter().energyJ()).sum();
        double energy = metered.stream().mapToDouble(TrialRecord::energyJ).sum();
        return String.format(Locale.ROOT, "- the meter's own cost: %s CPU-s over %s s of trials (%s %% of one core),"
                + " about %s J, %s %% of the trials' energy (%s); inside the figures below%n", fmt(cpu), fmt(wall),
                fmt(100 * cpu / wall), fmt(joules), fmt(100 * joules / energy), metered.get(0).meter().provenance());
    }

    /** How much of the trials went to starting up, where their records say (runs since it was recorded). */
    static String startup(List<TrialRecord> trials) {
        List<TrialRecord> started = trials.stream().filter(r -> r.ok() && r.startup() != null
                && r.startup().energyJ() != null && r.energyJ() != null).toList();
        if (started.isEmpty()) {
            return "";
        }
        double seconds = started.stream().mapToDouble(r -> r.startup().seconds()).sum();
        double wall = started.stream().mapToDouble(TrialRecord::wallSeconds).sum();
        double joules = started.stream().mapToDouble(r -> r.startup().energyJ()).sum();
        double energy = started.stream().mapToDouble(TrialRecord::energyJ).sum();
        return String.format(Locale.ROOT, "- start-up (process start to the first training step: JVM or interpreter,"
                + " engine, data, model): %s s and %s J per trial on average, %s %% of the trials' time and %s %% of"
                + " their energy; inside energy per trial, not inside training energy%n", fmt(seconds / started.size()),
                fmt(joules / started.size()), fmt(100 * seconds / wall), fmt(100 * joules / energy));
    }

    private static String fmt(double x) {
        return org.carbonlab.util.Numbers.people(x);
    }
}
