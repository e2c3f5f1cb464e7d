package org.carbonlab.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Races with a known truth: each candidate's true objective, spread and accuracy, run through the same loop as a
 * tune ({@link Race#run}), so that what a simulation finds is what the shipped race does (the tests' claim, and the
 * replay on a tune's measured surface in its report).
 */
public final class RaceSimulation {

    private RaceSimulation() {
    }

    /**
     * A candidate's truth in a simulated race.
     *
     * @param name        its name
     * @param objective   its true mean objective (the median of its log-normal trials)
     * @param cv          the spread of its trials (the SD of their log)
     * @param accuracy    its true mean accuracy (NaN: none)
     * @param accuracySd  the SD of its trials' accuracy
     * @param wall        its true wall time, s
     */
    public record Truth(String name, double objective, double cv, double accuracy, double accuracySd, double wall) {
    }

    /**
     * A simulated race's end.
     *
     * @param chosen what it chose
     * @param trials the trials it ran
     * @param blocks the blocks it ran
     */
    public record Simulated(Optional<String> chosen, int trials, int blocks) {
    }

    /**
     * One race of {@code truths} through {@link Race#run}: each trial's log objective is the truth's plus a block
     * effect (SD {@code blockSd}, shared by the block's trials, as a machine's drift is) plus the candidate's own
     * noise, and with probability {@code outlierShare} a disturbed trial 1.3 to 2x slower and costlier (a busy machine); its
     * accuracy is normal around the truth's.
     */
    public static Simulated simulate(Race.Rules rules, List<Truth> truths, String dflt, double blockSd,
                                     double outlierShare, Race.Budget budget, long seed) {
        Random r = new Random(seed);
        Map<String, Truth> byName = new LinkedHashMap<>();
        truths.forEach(t -> byName.put(t.name(), t));
        int[] trials = {0};
        Race.Blocks blocks = (b, running) -> {
            double beta = blockSd * r.nextGaussian();
            Map<String, Race.Figures> out = new LinkedHashMap<>();
            for (String c : running) {
                Truth t = byName.get(c);
                double slow = r.nextDouble() < outlierShare ? 1.3 + 0.7 * r.nextDouble() : 1;
                double e = Math.exp(beta + t.cv() * r.nextGaussian()) * slow;
                out.put(c, new Race.Figures(t.objective() * e, Double.isNaN(t.accuracy()) ? Double.NaN
                        : t.accuracy() + t.accuracySd() * r.nextGaussian(), t.wall() * e));
            }
            trials[0] += running.size();
            return Optional.of(out);
        };
        Race.Trace trace = Race.run(rules, List.copyOf(byName.keySet()), dflt, blocks, budget, seed);
        return new Simulated(trace.choice().flatMap(Race.Choice::chosen), trials[0], trace.blocks());
    }
}
