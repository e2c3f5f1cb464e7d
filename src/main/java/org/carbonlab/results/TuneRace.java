package org.carbonlab.results;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.stats.Race;

/**
 * A tune's race read from its records: the runner asks it before each block which candidates run, a resumed run
 * reaches the same survivors, and the report draws the same trace. A candidate's trial of block b counts once it
 * ended (ok, or failed or timed out, which takes the candidate out); an interrupted one has not ended.
 */
public final class TuneRace {

    private TuneRace() {
    }

    /** The race of {@code candidates} ({@code dflt} among them) over {@code records} under {@code tune}. */
    public static Race.Trace of(TuneDefinition tune, List<String> candidates, String dflt, List<TrialRecord> records,
                                long seed) {
        TrialMetric objective = tune.objectiveMetric();
        Race.Blocks blocks = (b, running) -> {
            Map<String, Race.Figures> out = new LinkedHashMap<>();
            for (String c : running) {
                Optional<TrialRecord> r = records.stream().filter(x -> x.repetition() == b && x.variant().equals(c)
                        && x.status() != TrialStatus.INTERRUPTED).reduce((x, y) -> y);
                if (r.isEmpty()) {
                    return Optional.empty();
                }
                out.put(c, r.get().ok() ? new Race.Figures(objective.of(r.get()),
                        TrialMetric.TEST_ACCURACY.of(r.get()), r.get().wallSeconds()) : Race.Figures.FAILED);
            }
            return Optional.of(out);
        };
        // in one order wherever the race is read (the runner's plan, the report's manifest): ties break alike
        return Race.run(tune.rules(), candidates.stream().sorted().toList(), dflt, blocks,
                budget(tune.budget(), records), seed);
    }

    /**
     * The budget as the race sees it before block {@code next}: what the trials before that block spent (warm-ups
     * included), and the next block priced at the mean of the last block's trials.
     */
    static Race.Budget budget(TuneDefinition.Budget budget, List<TrialRecord> records) {
        if (budget == null) {
            return Race.Budget.NONE;
        }
        return (next, running) -> {
            List<TrialRecord> before = records.stream().filter(r -> r.repetition() < next
                    && r.status() != TrialStatus.INTERRUPTED).toList();
            List<TrialRecord> last = before.stream().filter(r -> r.repetition() == next - 1).toList();
            if (budget.trials() != null && before.size() + running > budget.trials()) {
                return Optional.of(String.format(Locale.ROOT, "the trial budget (%d) would be overrun by block %d:"
                        + " %d trials ran, %d would run", budget.trials(), next, before.size(), running));
            }
            if (budget.time() != null && !last.isEmpty()) {
                double spent = before.stream().mapToDouble(TrialRecord::wallSeconds).sum();
                double per = last.stream().mapToDouble(TrialRecord::wallSeconds).average().orElse(0);
                double limit = Duration.parse(budget.time()).toMillis() / 1e3;
                if (spent + per * running > limit) {
                    return Optional.of(String.format(Locale.ROOT, "the time budget (%s) would be overrun by block %d:"
                            + " %.0f s spent, about %.0f s a trial", budget.time(), next, spent, per));
                }
            }
            if (budget.energyJ() != null && !last.isEmpty()) {
                double spent = before.stream().mapToDouble(r -> r.energyJ() == null ? 0 : r.energyJ()).sum();
                double per = last.stream().mapToDouble(r -> r.energyJ() == null ? 0 : r.energyJ()).average().orElse(0);
                if (spent + per * running > budget.energyJ()) {
                    return Optional.of(String.format(Locale.ROOT, "the energy budget (%.0f J) would be overrun by"
                            + " block %d: %.0f J spent, about %.0f J a trial", budget.energyJ(), next, spent, per));
                }
            }
            return Optional.empty();
        };
    }
}
