package org.carbonlab.experiment.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonlab.results.Blocks;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TuneDefinition;
import org.carbonlab.results.TuneRace;
import org.carbonlab.stats.Race;
import org.carbonlab.stats.StoppingRule;
import org.carbonlab.experiment.spec.Plan;

/**
 * Which trials of a tune run ({@code carbonlab tune}): before each block, the race read from the run's records
 * ({@link TuneRace}) says who is still in; a candidate that left runs no more trials, and the run stops when the race
 * ends. Decided from the records alone, so a resumed run goes on with the same survivors.
 */
final class RaceSchedule implements Schedule {

    private final Plan plan;
    private final TuneDefinition tune;
    private final List<String> candidates;
    private final PrintStream progress;
    private int decided = -1;
    private Race.Trace trace;

    /** The schedule of {@code plan}, whose spec tunes; what the race decides is said on {@code progress}. */
    RaceSchedule(Plan plan, PrintStream progress) {
        this.plan = plan;
        this.tune = plan.spec().tune().orElseThrow();
        this.candidates = plan.variantList().stream().map(Plan.Variant::name).toList();
        this.progress = progress;
    }

    /** The race's stop before {@code next}, where it ended; reads the records once per block. */
    @Override
    public Optional<Blocks.Stop> before(Plan.Trial next, Path runDir) throws IOException {
        if (next.warmup()) {
            return Optional.empty();
        }
        if (next.repetition() != decided) {
            int looked = trace == null ? 0 : trace.looks().size();
            trace = TuneRace.of(tune, candidates, plan.spec().baseline(), RunFiles.lastRecords(runDir),
                    plan.spec().seed());
            decided = next.repetition();
            trace.looks().stream().skip(looked).flatMap(l -> l.exits().stream()).forEach(e -> progress.println(
                    "race: " + e.candidate() + " leaves after block " + e.block() + ": " + e.why().words() + ", "
                    + e.words()));
        }
        return stop(trace);
    }

    /** Whether {@code t} runs: a warm-up, or a trial of a candidate still in the race. */
    @Override
    public boolean runs(Plan.Trial t) {
        return t.warmup() || trace == null || trace.survivors().contains(t.variant().name());
    }

    /** The race's stop once every planned block ran. */
    @Override
    public Optional<Blocks.Stop> atEnd(Path runDir) throws IOException {
        return stop(TuneRace.of(tune, candidates, plan.spec().baseline(), RunFiles.lastRecords(runDir),
                plan.spec().seed()));
    }

    /**
     * The trials of {@code todo} to submit now on a cluster: the warm-ups and the first blocks of every candidate at
     * first, then the next block of the survivors; none once the race ended.
     */
    @Override
    public List<Plan.Trial> nextWave(List<Plan.Trial> todo, List<org.carbonlab.results.TrialRecord> records) {
        Race.Trace now = TuneRace.of(tune, candidates, plan.spec().baseline(), records, plan.spec().seed());
        if (now.ended()) {
            return List.of();
        }
        int upTo = Math.max(tune.blocks().first(), now.blocks() + 1);
        return todo.stream().filter(t -> t.warmup() || t.repetition() <= upTo
                && now.survivors().contains(t.variant().name())).toList();
    }

    /** After a cluster's wave: the race's stop, where it ended. */
    @Override
    public Optional<Blocks.Stop> afterWave(List<org.carbonlab.results.TrialRecord> records) {
        return stop(TuneRace.of(tune, candidates, plan.spec().baseline(), records, plan.spec().seed()));
    }

    /** A race is decided a block at a time. */
    @Override
    public boolean inWaves() {
        return true;
    }

    private static Optional<Blocks.Stop> stop(Race.Trace t) {
        return t.stop().map(s -> new Blocks.Stop(t.blocks(), switch (s.end()) {
            case MAX -> StoppingRule.Reason.MAX;
            case BUDGET -> StoppingRule.Reason.BUDGET;
            case DECIDED -> StoppingRule.Reason.DECIDED;
        }, s.words(), Blocks.RACE));
    }
}
