package org.carbonlab.experiment.run;

import org.carbonlab.results.Json;
import org.carbonlab.results.TrialOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.engine.JvmEngine;
import org.carbonlab.experiment.spec.TrialSettings;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.Training;

/**
 * The entry point of a trial's child JVM. It reads its input (settings and seed, JSON) from the file named by its
 * argument, trains, and speaks to the parent on standard output in lines the parent reads as they come:
 * {@value #MARK}{@code label} at each energy mark (the parent's meter splits its window there) and, last,
 * {@value #RESULT}{@code json}. Anything else goes to standard error, the trial's log.
 */
public final class TrialMain {

    /** Prefix of a mark line. */
    public static final String MARK = "@carbonlab:mark ";
    /** Prefix of the result line. */
    public static final String RESULT = "@carbonlab:result ";
    /** Prefix of the line that says why training failed. */
    public static final String ERROR = "@carbonlab:error ";

    /**
     * A trial's input.
     *
     * @param settings the workload settings, spec spelling
     * @param seed     the training seed
     */
    public record Input(Map<String, String> settings, long seed) {
    }

    private TrialMain() {
    }

    /** Runs the trial described in the file {@code args[0]} and exits with {@link #run}'s code. */
    public static void main(String[] args) throws java.io.IOException {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // library chatter must not mix with the protocol
        // exit, not return: the engines' native and pool threads would keep the JVM alive
        System.exit(run(Path.of(args[0]), protocol));
    }

    /**
     * Trains the trial described in {@code input}, speaking the protocol on {@code protocol}; returns 0 when the
     * result line was written, 2 when training failed (the error line says why).
     */
    static int run(Path input, PrintStream protocol) throws java.io.IOException {
        Input in = Json.MAPPER.readValue(input.toFile(), Input.class); // the settings trials.jsonl is read with
        try {
            TrialSettings s = TrialSettings.fromMap(in.settings());
            if (!(s.engine() instanceof JvmEngine engine)) {
                throw new IllegalArgumentException("engine " + s.engine().id() + " does not train in a child JVM");
            }
            FashionMnist.Data data = s.loadData();
            Optional<Path> teacher = s.teacher().equals("none") ? Optional.empty() : Optional.of(Path.of(s.teacher()));
            JvmEngine.Trained t = engine.train(s.config(in.seed()), data, teacher,
                    Optional.of(label -> mark(protocol, label)));
            TrialOutcome o = outcome(t.result(), t.djl(), t.engine(), data.origin());
            if (!t.details().isEmpty()) {
                o = o.withDetails(t.details());
            }
            protocol.println(RESULT + Json.MAPPER.writeValueAsString(o));
            protocol.flush();
            return 0;
        } catch (RuntimeException e) {
            protocol.println(ERROR + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
            e.printStackTrace();
            return 2;
        }
    }

    /** The outcome of what an engine's {@link Training} returned. */
    static TrialOutcome outcome(Training.Result r, String djl, String engine, String data) {
        boolean amp = !Double.isNaN(r.lossScale());
        return new TrialOutcome(new TrialOutcome.Trained(r.config().architecture().id(), r.parameters(),
                r.config().precision().id()), new TrialOutcome.Learning(r.epochs().stream().map(e ->
                new TrialOutcome.Epoch(e.epoch(), e.trainLoss(), e.validationAccuracy(), e.seconds())).toList(),
                r.testAccuracy(), r.stoppedEarly(), r.targetEpoch().orElse(null)), new TrialOutcome.Work(
                r.trainExamples(), r.steps(), amp ? r.skippedSteps() : null, amp ? r.lossScale() : null,
                r.weightTypes().stream().map(Object::toString).sorted().toList(), r.inferenceSeconds(), r.distilled(),
                r.threads()), new TrialOutcome.Origin(djl, engine, data, Map.of("step_ms", r.stepMillis()), null,
                null));
    }

    private static void mark(PrintStream protocol, String label) {
        protocol.println(MARK + label);
        protocol.flush();
    }
}
