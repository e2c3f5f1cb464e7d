package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a trial ended: the {@code status} of its record, written as its {@link #id()}. */
public enum TrialStatus {
    /** Finished and reported its result. */
    OK("ok"),
    /** Ended without a usable result (a non-zero exit, a crash, a refusal, no record from its node). */
    FAILED("failed"),
    /** Killed for running past the spec's {@code trial-timeout}. */
    TIMED_OUT("timed-out"),
    /** Stopped by a SIGINT/SIGTERM of the run, or a scheduler's cancel or time limit. */
    INTERRUPTED("interrupted"),
    /** A warm-up trial that finished: shown with the trials, never counted in the statistics. */
    WARMUP("warmup");

    private final String id;

    TrialStatus(String id) {
        this.id = id;
    }

    /** The spelling in {@code trials.jsonl} and the reports. */
    @JsonValue
    public String id() {
        return id;
    }

    /** Whether the trial finished and reported (a measured trial or a warm-up): a resumed run does not repeat it. */
    public boolean finished() {
        return this == OK || this == WARMUP;
    }

    @Override
    public String toString() {
        return id;
    }
}
