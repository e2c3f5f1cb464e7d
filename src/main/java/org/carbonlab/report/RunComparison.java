package org.carbonlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.carbonlab.experiment.Manifest;
import org.carbonlab.kernel.Roofline;
import org.carbonlab.experiment.RunFiles;
import org.carbonlab.experiment.TrialRecord;
import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;

/**
 * The same study on two machines (hardware generations): per variant and metric, run B against run A as a ratio
 * of means with its 95 % CI. Refused, with the differing keys, when the two resolved specs differ in anything but
 * their power sources (which follow the hardware) and description.
 */
public final class RunComparison {

    private RunComparison() {
    }

    /** The comparison as Markdown. */
    @SuppressWarnings("unchecked")
    public static String compare(Path runA, Path runB) throws IOException {
        for (Path p : List.of(runA, runB)) {
            if (!Files.isRegularFile(p.resolve(Manifest.FILE))) {
                throw new IllegalArgumentException(p + " is not a run directory: it has no " + Manifest.FILE);
            }
        }
        Map<String, Object> ma = Manifest.read(runA);
        Map<String, Object> mb = Manifest.read(runB);
        List<String> diff = differences(withDefaults((Map<String, Object>) ma.get("spec")),
                withDefaults((Map<String, Object>) mb.get("spec")));
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException("the runs' specs differ in more than the hardware, so their ratios"
                    + " would not measure the hardware: " + String.join("; ", diff));
        }
        StudyReport.Context ca = StudyReport.context(ma);
        StudyReport.Context cb = StudyReport.context(mb);
        List<TrialRecord> ta = new ArrayList<>(RunFiles.lastPerTrial(RunFiles.readTrials(runA)).values());
        List<TrialRecord> tb = new ArrayList<>(RunFiles.lastPerTrial(RunFiles.readTrials(runB)).values());
        Map<String, Object> ha = (Map<String, Object>) ma.get("hardware");
        Map<String, Object> hb = (Map<String, Object>) mb.get("hardware");
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(ca.study()).append(": ").append(cb.runId()).append(" (B) against ").append(ca.runId())
                .append(" (A)\n\n");
        sb.append("- A: ").append(ha.get("cpu")).append(", GPU ").append(ha.get("gpu")).append("; energy ")
                .append(StudyReport.provenance(ta)).append('\n');
        sb.append("- B: ").append(hb.get("cpu")).append(", GPU ").append(hb.get("gpu")).append("; energy ")
                .append(StudyReport.provenance(tb)).append('\n');
        if (!StudyReport.provenance(ta).equals(StudyReport.provenance(tb))) {
            sb.append("- the two runs obtained energy differently: an energy ratio mixes the hardware with the"
                    + " method of measurement\n");
        }
        rooflines(sb, Roofline.fromManifest(ma), Roofline.fromManifest(mb));
        sb.append("\nRatio of means B / A with its 95 % CI (Fieller) and Welch's p.\n\n");
        sb.append("| variant | metric | A mean | B mean | B / A | 95 % CI | Welch p |\n|---|---|---|---|---|---|---|\n");
        List<String> notes = new ArrayList<>();
        List<StudyReport.Metric> metricsA = StudyReport.metrics(ca);
        Map<String, StudyReport.Metric> metricsB = new java.util.HashMap<>(); // the same metrics at B's settings
        StudyReport.metrics(cb).forEach(m -> metricsB.put(m.id(), m));
        for (String v : ca.variants()) {
            for (StudyReport.Metric m : metricsA) {
                if (!metricsB.containsKey(m.id())) {
                    continue; // MFU where only A has a roofline
                }
                double[] a = StudyReport.sample(ta, v, m);
                double[] b = StudyReport.sample(tb, v, metricsB.get(m.id()));
                if (Summary.of(a).n() == 0 || Summary.of(b).n() == 0) {
                    continue;
                }
                Comparison k = Comparison.of(a, b);
                sb.append(String.format(Locale.ROOT, "| %s | %s%s | %s | %s | %s | %s | %s |%n", v, m.title(),
                        m.unit().isEmpty() ? "" : " (" + m.unit() + ")", StudyReport.fmt(k.baseline().mean()),
                        StudyReport.fmt(k.variant().mean()), StudyReport.fmt(k.ratio()),
                        Double.isNaN(k.ratioLow()) ? "n/a" : "[" + StudyReport.fmt(k.ratioLow()) + ", "
                                + StudyReport.fmt(k.ratioHigh()) + "]",
                        Double.isNaN(k.welchP()) ? "n/a" : String.format(Locale.ROOT, "%.3g", k.welchP())));
                k.notes().forEach(n -> notes.add(v + ", " + m.title() + ": " + n));
            }
        }
        if (!notes.isEmpty()) {
            sb.append("\nWhat the evidence does not show:\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /** The two machines' measured rooflines side by side: what each engine and format reaches on A and on B. */
    private static void rooflines(StringBuilder sb, Optional<Roofline> a, Optional<Roofline> b) {
        if (a.isEmpty() && b.isEmpty()) {
            sb.append("- neither run was given its machine's roofline (run --roofline): no kernel-level calibration\n");
            return;
        }
        sb.append("\nThe machines' rooflines (best kernel GFLOP/s per engine and format, KernelBench): how much of a"
                + " ratio below the kernels explain.\n\n| engine/format | A GFLOP/s | B GFLOP/s | B / A |\n"
                + "|---|---|---|---|\n");
        java.util.Set<String> keys = new java.util.TreeSet<>();
        a.ifPresent(r -> keys.addAll(r.peaks().keySet()));
        b.ifPresent(r -> keys.addAll(r.peaks().keySet()));
        for (String k : keys) {
            double x = a.flatMap(r -> r.peak(k)).map(Roofline.Peak::gflops).orElse(Double.NaN);
            double y = b.flatMap(r -> r.peak(k)).map(Roofline.Peak::gflops).orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", k, StudyReport.fmt(x), StudyReport.fmt(y),
                    StudyReport.fmt(y / x)));
        }
    }

    /** A resolved spec with the workload keys added since it was written set to their defaults (engine: djl). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withDefaults(Map<String, Object> spec) {
        Map<String, Object> s = new java.util.LinkedHashMap<>(spec);
        Object w = s.get("workload");
        if (w instanceof Map) {
            Map<String, Object> workload = new java.util.LinkedHashMap<>((Map<String, Object>) w);
            org.carbonlab.experiment.TrialSettings.defaults().toMap().forEach(workload::putIfAbsent);
            s.put("workload", workload);
        }
        return s;
    }

    /** The keys (dotted) whose values differ, ignoring {@code power} and {@code description}. */
    @SuppressWarnings("unchecked")
    static List<String> differences(Map<String, Object> a, Map<String, Object> b) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (k.equals("power") || k.equals("description")) {
                continue;
            }
            Object x = a.get(k);
            Object y = b.get(k);
            if (x instanceof Map && y instanceof Map) {
                for (String d : differences((Map<String, Object>) x, (Map<String, Object>) y)) {
                    out.add(k + "." + d);
                }
            } else if (!Objects.equals(x, y)) {
                out.add(k + ": " + x + " against " + y);
            }
        }
        return out;
    }
}
