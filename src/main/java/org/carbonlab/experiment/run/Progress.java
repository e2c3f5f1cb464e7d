package org.carbonlab.experiment.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carbonlab.results.TrialRecord;
import org.carbonlab.experiment.spec.Plan;

/** Prints a line per trial, with an estimate of the time left from the trials that ended. */
final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private int ended;
    private final Map<String, List<Double>> seconds = new HashMap<>();
    private long trialStart;

    Progress(PrintStream out, boolean terminal, int total, int alreadyDone) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.ended = alreadyDone;
    }

    void start(Plan.Trial t) {
        trialStart = System.nanoTime();
        String line = String.format(java.util.Locale.ROOT, "[%d/%d] %s %s, %s, seed %d ...", ended + 1, total,
                t.id(), t.variant().name(), t.warmup() ? "warm-up (not counted)" : "repetition " + t.repetition(),
                t.seed());
        if (terminal) {
            out.print(line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void end(Plan.Trial t, TrialRecord r, List<Plan.Trial> left) {
        ended++;
        double s = (System.nanoTime() - trialStart) / 1e9;
        seconds.computeIfAbsent(t.variant().name(), k -> new ArrayList<>()).add(s);
        double all = seconds.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).average()
                .orElse(s);
        double eta = left.stream().mapToDouble(x -> seconds.getOrDefault(x.variant().name(), List.of()).stream()
                .mapToDouble(Double::doubleValue).average().orElse(all)).sum();
        Double accuracy = r.outcome() == null ? null : r.outcome().testAccuracy();
        String what = r.status().finished() ? String.format(java.util.Locale.ROOT, "%.1f s, %s J, test accuracy %s", s,
                r.energyJ() == null ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f", r.energyJ()),
                accuracy == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", accuracy))
                : r.status() + ": " + r.reason();
        String line = String.format(java.util.Locale.ROOT, "%s %s%s", terminal ? "" : "  " + t.id(), what,
                left.isEmpty() ? "" : String.format(java.util.Locale.ROOT, "; about %s left",
                        org.carbonlab.util.Durations.words(eta)));
        out.println(terminal ? " " + line.trim() : line);
        out.flush();
    }
}
