package org.carbonlab.report.study;

import org.carbonlab.stats.Interval;
import org.carbonlab.util.Numbers;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;
import org.carbonlab.util.UserException;

/**
 * The same study on two machines (hardware generations): per variant and metric, run B against run A as a ratio
 * of means with its 95 % CI. Refused, with the differing keys, when the two resolved specs differ in anything but
 * their power sources (which follow the hardware) and description.
 */
public final class RunComparison {

    private RunComparison() {
    }

    /** The comparison as Markdown. */
    public static String compare(Path runA, Path runB) throws IOException {
        RunFiles.requireRunDir(runA);
        RunFiles.requireRunDir(runB);
        if (runA.toRealPath().equals(runB.toRealPath())) {
            throw new UserException(runA + " and " + runB + " are the same run: compare two runs of a study"
                    + " (e.g. on two machines)");
        }
        RunManifest ma = RunManifest.read(runA);
        RunManifest mb = RunManifest.read(runB);
        List<String> diff = differences(ma.definition().withDefaults(), mb.definition().withDefaults());
        if (!diff.isEmpty()) {
            throw new UserException("the runs' specs differ in more than the hardware, so their ratios"
                    + " would not measure the hardware: " + String.join("; ", diff));
        }
        StudyTable.Context ca = StudyTable.Context.of(ma);
        StudyTable.Context cb = StudyTable.Context.of(mb);
        List<TrialRecord> ta = new ArrayList<>(RunFiles.lastPerTrial(RunFiles.readTrials(runA)).values());
        List<TrialRecord> tb = new ArrayList<>(RunFiles.lastPerTrial(RunFiles.readTrials(runB)).values());
        StringBuilder sb = new StringBuilder();
        Optional<Interval> bandA = StudyTable.bandFactors(ta, null);
        Optional<Interval> bandB = StudyTable.bandFactors(tb, null);
        boolean banded = machines(sb, ma, mb, ca, cb, ta, tb, bandA, bandB);
        sb.append(table(ca, cb, ta, tb, banded ? Optional.of(org.carbonlab.power.Band.ratio(
                bandA.orElse(Interval.exact(1)), bandB.orElse(Interval.exact(1)))) : Optional.empty()));
        return sb.toString();
    }

    /**
     * The two machines, how each run obtained its energy, their rooflines and bands; whether the energy ratios get a
     * second, banded interval (the runs were priced by different model rows).
     */
    private static boolean machines(StringBuilder sb, RunManifest ma, RunManifest mb, StudyTable.Context ca,
                                    StudyTable.Context cb, List<TrialRecord> ta, List<TrialRecord> tb,
                                    Optional<Interval> bandA, Optional<Interval> bandB) {
        RunManifest.Hardware ha = ma.hardware();
        RunManifest.Hardware hb = mb.hardware();
        sb.append("# ").append(ca.study()).append(": ").append(cb.runId()).append(" (B) against ").append(ca.runId())
                .append(" (A)\n\n");
        sb.append("- A: ").append(ha.cpu()).append(ha.identified() == null ? "" : " (" + ha.identified() + ")")
                .append(", GPU ").append(ha.gpu()).append("; energy ").append(StudyTable.provenance(ta)).append('\n');
        sb.append("- B: ").append(hb.cpu()).append(hb.identified() == null ? "" : " (" + hb.identified() + ")")
                .append(", GPU ").append(hb.gpu()).append("; energy ").append(StudyTable.provenance(tb)).append('\n');
        if (!StudyTable.provenance(ta).equals(StudyTable.provenance(tb))) {
            sb.append("- the two runs obtained energy differently: an energy ratio mixes the hardware with the"
                    + " method of measurement\n");
        }
        rooflines(sb, ma.peakGflops(), mb.peakGflops());
        List<TrialRecord> both = new ArrayList<>(ta);
        both.addAll(tb);
        boolean samePricing = StudyTable.samePricing(both, null, null);
        boolean banded = (bandA.isPresent() || bandB.isPresent()) && !samePricing;
        if (samePricing && bandA.isPresent()) {
            sb.append("- both runs were priced by one model row (").append(ta.stream().filter(r -> r.ok()
                    && r.energyBand() != null).findFirst().map(r -> r.energyBand().basis()).orElse("")).append("):"
                    + " its scale multiplies both and cancels in every ratio, which gets no band\n");
        }
        if (banded) {
            Interval a = bandA.orElse(Interval.exact(1));
            Interval b = bandB.orElse(Interval.exact(1));
            sb.append("- estimate bands: A x [").append(Numbers.people(a.low())).append(", ")
                    .append(Numbers.people(a.high())).append("], B x [").append(Numbers.people(b.low())).append(", ")
                    .append(Numbers.people(b.high())).append("]: priced by different model rows, so their scales"
                    + " do not cancel, and the energy, power and CO2e ratios get a second interval: the worst case of"
                    + " both bands on the 95 % interval, with no stated level\n");
        }
        return banded;
    }

    /**
     * The table of B / A per variant and metric, then what the evidence does not show; {@code bands}: the factors
     * their ratio moves by under both runs' bands (empty: no second interval).
     */
    private static String table(StudyTable.Context ca, StudyTable.Context cb, List<TrialRecord> ta,
                                List<TrialRecord> tb, Optional<Interval> bands) {
        boolean banded = bands.isPresent();
        StringBuilder sb = new StringBuilder();
        sb.append("\nRatio of means B / A with its 95 % CI (Fieller; the trials of two runs do not pair) and Welch's p;"
                + " accuracies as B - A in percentage points (Welch).\n\n");
        sb.append("| variant | metric | A mean | B mean | B against A | 95 % CI | Welch p |").append(banded
                ? " CI with both bands |\n|---|---|---|---|---|---|---|---|\n"
                : "\n|---|---|---|---|---|---|---|\n");
        List<String> notes = new ArrayList<>();
        List<StudyTable.Metric> metricsA = StudyTable.metrics(ca);
        Map<String, StudyTable.Metric> metricsB = new java.util.HashMap<>(); // the same metrics at B's settings
        StudyTable.metrics(cb).forEach(m -> metricsB.put(m.id(), m));
        for (String v : ca.variants()) {
            for (StudyTable.Metric m : metricsA) {
                if (!metricsB.containsKey(m.id())) {
                    continue; // MFU where only A has a roofline
                }
                double[] a = StudyTable.sample(ta, v, m);
                double[] b = StudyTable.sample(tb, v, metricsB.get(m.id()));
                if (Summary.of(a).n() == 0 || Summary.of(b).n() == 0) {
                    continue;
                }
                Comparison k = Comparison.unpaired(a, b, m.scale());
                sb.append(String.format(Locale.ROOT, "| %s | %s%s | %s | %s | %s | %s | %s |%n", v, m.title(),
                        m.unit().isEmpty() ? "" : " (" + m.unit() + ")", Numbers.people(k.baseline().mean()),
                        Numbers.people(k.variant().mean()), Effects.estimate(k, m),
                        Effects.interval(k, m), Double.isNaN(k.p()) ? "n/a" : String.format(Locale.ROOT, "%.3g", k.p())));
                if (banded) {
                    sb.setLength(sb.length() - 1); // the row goes on with the banded interval
                    Interval f = bands.get();
                    boolean energy = StudyTable.scalesWithEnergy(m) || m.unit().equals("W"); // and power
                    sb.append(energy && k.interval().bounded() ? " [" + Numbers.people(k.interval().low() * f.low())
                            + ", " + Numbers.people(k.interval().high() * f.high()) + "] |\n" : " |\n");
                }
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
    private static void rooflines(StringBuilder sb, Map<String, Double> a, Map<String, Double> b) {
        if (a.isEmpty() && b.isEmpty()) {
            sb.append("- neither run was given its machine's roofline (run --roofline): no kernel-level calibration\n");
            return;
        }
        sb.append("\nThe machines' rooflines (best kernel GFLOP/s per engine and format, KernelBench): how much of a"
                + " ratio below the kernels explain.\n\n| engine/format | A GFLOP/s | B GFLOP/s | B / A |\n"
                + "|---|---|---|---|\n");
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            double x = a.getOrDefault(k, Double.NaN);
            double y = b.getOrDefault(k, Double.NaN);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", k, Numbers.people(x), Numbers.people(y),
                    Numbers.people(y / x)));
        }
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
