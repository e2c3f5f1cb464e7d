package org.carbonlab.cli;

import picocli.CommandLine.Command;

/**
 * {@code carbonlab tune SPEC}: races a spec's candidate settings (its variants) for the least objective that reaches
 * its target ({@code tune:}), or resumes one, or prints its worst case; the options are {@code run}'s.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Races the candidate settings of a tune spec (its variants; its tune: section says what to"
                + " minimise, the target and the budget): every candidate runs a few paired blocks, a candidate that"
                + " is worse than the leader with the lab's interval, or misses the target, leaves; writes"
                + " results/<tune>/<run-id>/ with the trials, tune.md (the chosen setting, its saving against the"
                + " default, the race), race.csv and the page.",
                "Example: carbonlab tune experiments/tune-pytorch.yaml"})
final class TuneCommand extends RunCommand {

    @Override
    boolean tunes() {
        return true;
    }
}
