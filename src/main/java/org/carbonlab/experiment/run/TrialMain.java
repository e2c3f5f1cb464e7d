package org.carbonlab.experiment.run;

import org.carbonlab.results.Json;
import org.carbonlab.results.TrialOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ai.djl.engine.Engine;
import org.carbonlab.workload.Architecture;
import org.carbonlab.engine.Nd4jRuntime;
import org.carbonlab.power.Marker;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.Nd4jTraining;
import org.carbonlab.workload.Training;
import org.carbonlab.experiment.spec.TrialSettings;

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

    /** How one engine trains a trial in this JVM and reports it. */
    private interface Trainer {
        TrialOutcome train(TrialSettings s, long seed, FashionMnist.Data data, Optional<Marker> marker);
    }

    /** The engines a child JVM runs (a command's trials are their own processes). */
    private static final Map<String, Trainer> TRAINERS = Map.of("djl", TrialMain::djl, "nd4j", TrialMain::nd4j);

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
            Trainer trainer = TRAINERS.get(s.engine().id());
            if (trainer == null) {
                throw new IllegalArgumentException("engine " + s.engine().id() + " does not train in a child JVM");
            }
            FashionMnist.Data data = s.loadData();
            TrialOutcome o = trainer.train(s, in.seed(), data, Optional.of(label -> mark(protocol, label)));
            protocol.println(RESULT + Json.MAPPER.writeValueAsString(o));
            protocol.flush();
            return 0;
        } catch (RuntimeException e) {
            protocol.println(ERROR + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
            e.printStackTrace();
            return 2;
        }
    }

    private static TrialOutcome nd4j(TrialSettings s, long seed, FashionMnist.Data data, Optional<Marker> marker) {
        String build = Nd4jRuntime.configure();
        Training.Result r = Nd4jTraining.train(s.config(seed), data, marker);
        return outcome(r, null, "ND4J " + Nd4jRuntime.VERSION + " SameDiff (native build " + build + ")",
                data.origin());
    }

    private static TrialOutcome djl(TrialSettings s, long seed, FashionMnist.Data data, Optional<Marker> marker) {
        Training.Result r;
        if (s.teacher().equals("none")) {
            r = Training.train(s.config(seed), data, marker);
        } else {
            try (Training.LoadedModel t = Training.load(Architecture.CNN_WIDE, Path.of(s.teacher()), s.device())) {
                r = Training.train(s.config(seed), data, marker, Optional.of(t), Optional.empty());
            }
        }
        Engine e = Engine.getInstance();
        return outcome(r, Engine.getDjlVersion(), e.getEngineName() + " " + e.getVersion(), data.origin())
                .withDetails(DeviceInfo.of(s.device()));
    }

    /** The outcome of what an engine's {@link Training} returned. */
    static TrialOutcome outcome(Training.Result r, String djl, String engine, String data) {
        boolean amp = !Double.isNaN(r.lossScale());
        return TrialOutcome.builder().model(r.config().architecture().id()).parameters(r.parameters())
                .precision(r.config().precision().id())
                .epochs(r.epochs().stream().map(e -> new TrialOutcome.Epoch(e.epoch(), e.trainLoss(),
                        e.validationAccuracy(), e.seconds())).toList())
                .testAccuracy(r.testAccuracy()).stoppedEarly(r.stoppedEarly()).targetEpoch(r.targetEpoch().orElse(null))
                .trainExamples(r.trainExamples()).steps(r.steps()).skippedSteps(amp ? r.skippedSteps() : null)
                .finalLossScale(amp ? r.lossScale() : null)
                .weightTypes(r.weightTypes().stream().map(Object::toString).sorted().toList())
                .inferenceSeconds(r.inferenceSeconds()).distilled(r.distilled()).threads(r.threads()).djl(djl)
                .engine(engine).data(data).metrics(Map.of("step_ms", r.stepMillis())).build();
    }

    private static void mark(PrintStream protocol, String label) {
        protocol.println(MARK + label);
        protocol.flush();
    }
}
