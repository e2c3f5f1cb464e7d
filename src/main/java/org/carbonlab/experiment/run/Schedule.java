package org.carbonlab.experiment.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonlab.experiment.spec.Plan;
import org.carbonlab.results.Blocks;
import org.carbonlab.results.TrialRecord;

/**
 * Which of a plan's trials run, and when a run stops: a study's blocks, fixed or adaptive ({@link AdaptiveStop}), or
 * a tune's race ({@link RaceSchedule}). The runner asks it before every trial, a cluster before every wave; both read
 * only the run's records, so a resumed run and a report job reach the same decisions.
 */
public interface Schedule {

    /** The schedule of {@code plan}: its tune's race, or its design's blocks; decisions are said on {@code progress}. */
    static Schedule of(Plan plan, PrintStream progress) {
        return plan.spec().tune().isPresent() ? new RaceSchedule(plan, progress) : new AdaptiveStop(plan);
    }

    /** The stop before {@code next}, from the records of {@code runDir} so far; empty: it may run. */
    Optional<Blocks.Stop> before(Plan.Trial next, Path runDir) throws IOException;

    /** Whether {@code t} runs (asked after {@link #before}): false for a trial the schedule no longer needs. */
    default boolean runs(Plan.Trial t) {
        return true;
    }

    /** The stop once every planned trial of {@code runDir} ran (empty: a fixed design needs none). */
    Optional<Blocks.Stop> atEnd(Path runDir) throws IOException;

    /** Whether a cluster submits the trials in waves, each decided after the one before (false: all at once). */
    boolean inWaves();

    /** The trials of {@code todo} to submit now on a cluster, given the {@code records} so far. */
    List<Plan.Trial> nextWave(List<Plan.Trial> todo, List<TrialRecord> records);

    /** After a cluster's wave: the stop, where the {@code records} decide one. */
    Optional<Blocks.Stop> afterWave(List<TrialRecord> records);
}
