package org.carbonlab.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.power.ProvenanceSet;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Interval;
import org.carbonlab.util.Numbers;
import org.junit.jupiter.api.Test;

/**
 * The design section of a study whose variant a has one trial far out in energy per trial (the steering metric) but
 * not in wall time: "without outliers" leaves out exactly that trial, in every metric's row.
 */
class DesignReportTest {

    private static final double[] ENERGY_A = {100, 104, 500, 98, 102, 101};
    private static final double[] ENERGY_B = {200, 212, 205, 199, 207, 203};
    private static final double[] TIME_A = {10, 10.6, 10.2, 9.9, 10.4, 10.1};
    private static final double[] TIME_B = {20.5, 21, 20.2, 19.8, 20.9, 20.1};

    private static StudyTable table() {
        return table(List.of(ENERGY_A, ENERGY_B), List.of(TIME_A, TIME_B));
    }

    /** Variants a (the baseline), b, c, ... with these energies and wall times per block. */
    private static StudyTable table(List<double[]> energy, List<double[]> time) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", "one outlier");
        spec.put("baseline", "a");
        spec.put("carbon", Map.of());
        spec.put("warmup", 0);
        spec.put("repetitions", energy.get(0).length);
        spec.put("seed", 1);
        spec.put("order", "counterbalanced");
        List<RunManifest.PlannedTrial> plan = new ArrayList<>();
        List<TrialRecord> trials = new ArrayList<>();
        int k = energy.size();
        for (int b = 1; b <= energy.get(0).length; b++) {
            for (int v = 0; v < k; v++) {
                int n = k * (b - 1) + v + 1;
                String id = String.format(Locale.ROOT, "t%03d", n);
                String variant = String.valueOf((char) ('a' + v));
                plan.add(new RunManifest.PlannedTrial(n, id, variant, b, b));
                double e = energy.get(v)[b - 1];
                trials.add(new TrialRecord(new TrialRecord.Slot(n, id, variant, b, b), new TrialRecord.Ending(
                        TrialStatus.OK, null, "2026-12-01T00:00:00Z", time.get(v)[b - 1], 0),
                        new TrialRecord.Energies(e, ProvenanceSet.parse("estimated:tdp-model"), List.of(
                                new TrialRecord.Device("x:cpu", "CPU", true, e, ProvenanceSet.parse(
                                        "estimated:tdp-model"), 1.0, null)), null, null, null),
                        StudyTableTest.outcome(0.8, 4, "bundled"), TrialRecord.Context.NONE));
            }
        }
        RunManifest m = new RunManifest(RunManifest.FORMAT, "outlier", "r1", "o.yaml", org.carbonlab.results.StudyDefinition.of(spec), plan,
                new RunManifest.Git("abc", false), new RunManifest.Software("1", "jvm", "0.36.0", "engine", 2, null),
                new RunManifest.Hardware("cpu", "avx2", 2, 8.0, "none found by NVML", "Linux"), List.of(),
                new RunManifest.Idle(0, null), new RunManifest.Carbon(100, "SE3", 2024, "test", 1.5, "user", "v1",
                        List.of(), false, null), null, null);
        return StudyTable.of(m, trials, Optional.empty());
    }

    private static String ci(Interval i) {
        return Numbers.people(i.estimate()) + " [" + Numbers.people(i.low()) + ", " + Numbers.people(i.high()) + "]";
    }

    private static double[] without(double[] x, int block) {
        double[] y = x.clone();
        y[block - 1] = Double.NaN;
        return y;
    }

    @Test
    void withoutOutliersLeavesOutTheListedTrialInEveryMetric() {
        String md = DesignReport.of(table(), SpreadReport.NONE).markdown();
        assertTrue(md.contains("per variant, the MAD at least 1 %: hyperfine's threshold): t005 (kept in every table but"
                + " the \"without outliers\" column)"), md);
        // wall time has no outlier of its own: its row still leaves out block 3, where the listed trial ran
        String wall = md.lines().filter(l -> l.startsWith("| b | wall time |")).findFirst().orElseThrow();
        Comparison all = Comparison.paired(TIME_A, TIME_B, Comparison.Scale.RATIO, 0);
        Comparison clean = Comparison.paired(without(TIME_A, 3), TIME_B, Comparison.Scale.RATIO, 0);
        assertEquals("| b | wall time | " + ci(all.interval()) + " | " + ci(all.unpaired()) + " | "
                + ci(clean.interval()) + " |", wall);
        String energy = md.lines().filter(l -> l.startsWith("| b | energy per trial |")).findFirst().orElseThrow();
        Comparison e = Comparison.paired(without(ENERGY_A, 3), ENERGY_B, Comparison.Scale.RATIO, 0);
        assertTrue(energy.endsWith("| " + ci(e.interval()) + " |"), energy);
        assertTrue(md.contains("- order within a block: counterbalanced"), md);
        assertTrue(md.contains("- certificate: at CV "), md);
    }

    @Test
    void severalVariantsAgainstOneBaselineGetAFamilyWiseNote() {
        double[] c = {101, 99, 103, 100, 98, 104}; // no different from a
        StudyTable t = table(List.of(new double[] {100, 104, 99, 98, 102, 101}, ENERGY_B, c), List.of(TIME_A, TIME_B,
                TIME_A));
        List<String> s = Findings.sentences(t);
        String family = s.get(s.size() - 1);
        assertTrue(family.startsWith("2 variants against one baseline: each verdict holds at 95 % on its own, and if"
                + " none differed, some would still show a difference up to 10 % of the time (1 - 0.95^2)"), family);
        assertTrue(family.endsWith("at a family-wise 5 % (Holm, on the paired tests' p), the energy difference stands"
                + " for b"), family);
        assertEquals(3, s.size(), "one sentence per variant and the note");
        assertTrue(s.get(1).contains(": **no difference shown**"), s.get(1));
        // the same c under an adaptive design for +-10 %: its interval lies within [1 / 1.1, 1.1], so it is
        // equivalent within the design's margin, not merely undecided
        RunManifest m = t.context().manifest();
        Map<String, Object> spec = m.spec().asMap();
        spec.put("repetitions", Map.of("min", 5, "max", 8, "until", Map.of("metric", "energy-per-trial",
                "half-width", 0.1)));
        RunManifest adaptiveRun = new RunManifest(m.format(), m.study(), m.runId(), m.specFile(),
                org.carbonlab.results.StudyDefinition.of(spec), m.plan(), m.git(), m.software(), m.hardware(),
                m.powerSources(), m.idleBaseline(), m.carbon(), m.roofline(), m.slurm());
        List<String> adaptive = Findings.sentences(StudyTable.of(adaptiveRun, t.trials(), t.context().stop()));
        assertTrue(adaptive.get(1).contains(": **equivalent within +-10 %**"), adaptive.get(1));
        assertTrue(adaptive.get(0).contains(": **more energy**"), "a shown difference stays one");
    }
}
