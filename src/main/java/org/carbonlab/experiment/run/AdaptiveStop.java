package org.carbonlab.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonlab.results.Blocks;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.stats.StoppingRule;
import org.carbonlab.experiment.spec.Design;
import org.carbonlab.experiment.spec.Plan;

/**
 * The block schedule of an adaptive study: before each block after the first, whether the blocks the pilot asked for
 * have run ({@link StoppingRule}: the first blocks size the study once), whether the next block would overrun the
 * budget, or whether {@code max} was reached; the decision is written to {@link Blocks#STOP} and printed. A
 * resumed run reads the records again and goes on where the rule left off. A fixed design never stops early.
 */
final class AdaptiveStop implements Schedule {

    private final Plan plan;
    private final Design design;
    private final List<String> variants;

    /** The schedule of {@code plan}. */
    AdaptiveStop(Plan plan) {
        this.plan = plan;
        this.design = plan.spec().design();
        this.variants = plan.variantList().stream().map(Plan.Variant::name).toList();
    }

    /**
     * Whether the study stops before {@code next}, from the records of {@code runDir} so far; the stop, if any. Only
     * the first trial of a block after the first is a decision point: only there are the records read.
     */
    @Override
    public Optional<Blocks.Stop> before(Plan.Trial next, Path runDir) throws IOException {
        if (!design.adaptive() || next.warmup() || next.repetition() < 2 || !firstOfBlock(next)) {
            return Optional.empty();
        }
        return afterBlocks(next.repetition() - 1, RunFiles.lastRecords(runDir));
    }

    /** The stop after every planned block of {@code runDir} ran: at {@code max}. */
    @Override
    public Optional<Blocks.Stop> atEnd(Path runDir) throws IOException {
        return design.adaptive() ? afterBlocks(design.maxBlocks(), RunFiles.lastRecords(runDir)) : Optional.empty();
    }

    /**
     * Whether the study stops after {@code done} complete blocks (the rule, which stops at {@code max} whatever the
     * pilot asked for, or the budget once {@code min} blocks ran); the stop, if any. A fixed design never stops here.
     */
    Optional<Blocks.Stop> afterBlocks(int done, List<TrialRecord> records) {
        if (!design.adaptive() || done < 1) {
            return Optional.empty();
        }
        StoppingRule.Decision d = decide(done, records);
        if (d.stop()) {
            return Optional.of(new Blocks.Stop(done, d.reason(), d.words()));
        }
        if (done >= design.minBlocks()) {
            Optional<String> over = overBudget(done, records);
            if (over.isPresent()) {
                return Optional.of(new Blocks.Stop(done, StoppingRule.Reason.BUDGET, over.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The trials of {@code todo} to submit now on a cluster: all of them for a fixed design; for an adaptive one the
     * warm-ups and the pilot's blocks at first, then every block up to the size the pilot asks for, in one wave whose
     * report job decides the stop ({@link #afterBlocks}).
     */
    @Override
    public List<Plan.Trial> nextWave(List<Plan.Trial> todo, List<TrialRecord> records) {
        if (!design.adaptive()) {
            return todo;
        }
        int end = Blocks.reached(records) < StoppingRule.PILOT ? StoppingRule.PILOT : design.rule().blocksFor(
                Blocks.pilotSpreads(records, variants, plan.spec().baseline(), design.until().orElseThrow().metric())
                        .values());
        return todo.stream().filter(t -> t.repetition() <= Math.min(design.maxBlocks(), end)).toList();
    }

    /** An adaptive design's waves: the blocks reached decide, and at {@code max} it stops. */
    @Override
    public Optional<Blocks.Stop> afterWave(List<TrialRecord> records) {
        return afterBlocks(Blocks.reached(records), records);
    }

    /** Only an adaptive design submits in waves. */
    @Override
    public boolean inWaves() {
        return design.adaptive();
    }

    private StoppingRule.Decision decide(int blocks, List<TrialRecord> records) {
        return design.rule().decide(blocks, Blocks.pilotSpreads(records, variants, plan.spec().baseline(),
                design.until().orElseThrow().metric()));
    }

    private boolean firstOfBlock(Plan.Trial t) {
        return plan.trials().stream().filter(x -> x.repetition() == t.repetition()).findFirst()
                .map(x -> x.index() == t.index()).orElse(false);
    }

    /** Why one more block would overrun the budget, judged from the mean cost of the blocks so far. */
    private Optional<String> overBudget(int blocks, List<TrialRecord> records) {
        List<TrialRecord> measured = records.stream().filter(r -> r.repetition() >= 1).toList();
        double seconds = records.stream().mapToDouble(TrialRecord::wallSeconds).sum();
        double joules = records.stream().mapToDouble(r -> r.energyJ() == null ? 0 : r.energyJ()).sum();
        double blockSeconds = measured.stream().mapToDouble(TrialRecord::wallSeconds).sum() / blocks;
        double blockJoules = measured.stream().mapToDouble(r -> r.energyJ() == null ? 0 : r.energyJ()).sum() / blocks;
        if (design.budgetTime().isPresent() && seconds + blockSeconds > design.budgetTime().get().toMillis() / 1e3) {
            return Optional.of(String.format(java.util.Locale.ROOT, "the time budget (%s) would be overrun by one more"
                    + " block: %.0f s spent, about %.0f s a block", design.budgetTime().get(), seconds, blockSeconds));
        }
        if (!Double.isNaN(design.budgetJoules()) && joules + blockJoules > design.budgetJoules()) {
            return Optional.of(String.format(java.util.Locale.ROOT, "the energy budget (%.0f J) would be overrun by one"
                    + " more block: %.0f J spent, about %.0f J a block", design.budgetJoules(), joules, blockJoules));
        }
        return Optional.empty();
    }
}
