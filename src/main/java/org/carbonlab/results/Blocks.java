package org.carbonlab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.stats.StoppingRule;

/**
 * A run's trials as blocks (repetition r of every variant is block r; warm-ups are block 0 and never counted), the
 * pilot's spread of every variant/baseline ratio (what an adaptive study's size is decided from, recomputed the same
 * way by the runner and the reports), and the record of why a study stopped ({@value #STOP}).
 */
public final class Blocks {

    /** The file that says when and why an adaptive study stopped. */
    public static final String STOP = "stop.json";

    private Blocks() {
    }

    /**
     * Why an adaptive study stopped.
     *
     * @param blocks the blocks it ran
     * @param reason {@code PLANNED}, {@code MAX} or {@code BUDGET} ({@code TIGHT}: the former rule's)
     * @param words  the decision in words
     * @param rule   the stopping rule it ran under: {@value #TWO_STAGE}, or null for runs made under the former rule
     *               (which stopped at the first block whose unpaired intervals were all tight enough)
     */
    public record Stop(int blocks, StoppingRule.Reason reason, String words, String rule) {

        /** A stop under the two-stage rule. */
        public Stop(int blocks, StoppingRule.Reason reason, String words) {
            this(blocks, reason, words, TWO_STAGE);
        }

        /** Whether the run stopped under the former rule. */
        public boolean formerRule() {
            return !TWO_STAGE.equals(rule) && !RACE.equals(rule);
        }

        /** Whether a tune's race stopped (its eliminated candidates' trials were not needed). */
        public boolean race() {
            return RACE.equals(rule);
        }
    }

    /** The {@link Stop#rule} of a tune's race ({@link org.carbonlab.stats.Race}). */
    public static final String RACE = "race";

    /** The {@link Stop#rule} of the two-stage rule ({@link StoppingRule}). */
    public static final String TWO_STAGE = "two-stage";

    /**
     * {@code metric} of {@code variant}'s counted trials, by block: element r - 1 is block r's, 1..{@code upTo}, NaN
     * where the block has no counted trial (so two variants' samples pair by block; the statistics skip NaN).
     */
    public static double[] sample(List<TrialRecord> records, String variant, TrialMetric metric, int upTo) {
        double[] x = new double[upTo];
        java.util.Arrays.fill(x, Double.NaN);
        for (TrialRecord r : records) {
            if (r.ok() && r.variant().equals(variant) && r.repetition() >= 1 && r.repetition() <= upTo) {
                x[r.repetition() - 1] = metric.of(r);
            }
        }
        return x;
    }

    /** The last block any record reached (0: none). */
    public static int reached(List<TrialRecord> records) {
        return records.stream().mapToInt(TrialRecord::repetition).max().orElse(0);
    }

    /**
     * Each non-baseline variant's pilot spread on {@code metric}: the SD of its log ratios to the baseline over the
     * first {@value StoppingRule#PILOT} blocks, what the two-stage rule sizes the study from (NaN where the pilot has
     * fewer than 2 complete pairs).
     */
    public static Map<String, Double> pilotSpreads(List<TrialRecord> records, List<String> variants, String baseline,
                                                   TrialMetric metric) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] base = sample(records, baseline, metric, StoppingRule.PILOT);
        for (String v : variants) {
            if (!v.equals(baseline)) {
                m.put(v, StoppingRule.pilotSpread(base, sample(records, v, metric, StoppingRule.PILOT)));
            }
        }
        return m;
    }

    /**
     * The planned trials an adaptive study did not need: those of the blocks after its {@code stop} that have no
     * record in {@code records} (empty when it did not stop).
     */
    public static java.util.Set<String> notNeeded(RunManifest m, java.util.Collection<TrialRecord> records,
                                                  Optional<Stop> stop) {
        java.util.Set<String> recorded = new java.util.HashSet<>();
        records.forEach(r -> recorded.add(r.id()));
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        stop.ifPresent(s -> m.plan().stream().filter(p -> (p.repetition() > s.blocks() || s.race())
                        && !recorded.contains(p.id()))
                .forEach(p -> out.add(p.id())));
        return out;
    }

    /** Writes {@code stop} into {@code runDir} (beside, then renamed: never half written). */
    public static void writeStop(Path runDir, Stop stop) throws IOException {
        Path tmp = runDir.resolve(STOP + ".tmp");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), stop);
        Files.move(tmp, runDir.resolve(STOP), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The stop of {@code runDir}, if it stopped by a rule. */
    public static Optional<Stop> readStop(Path runDir) throws IOException {
        Path f = runDir.resolve(STOP);
        return Files.isRegularFile(f) ? Optional.of(Json.MAPPER.readValue(f.toFile(), Stop.class)) : Optional.empty();
    }
}
