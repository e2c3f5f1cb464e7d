package org.carbonlab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ai.djl.engine.Engine;
import org.carbonlab.workload.Architecture;
import org.carbonlab.nd4j.Nd4jRuntime;
import org.carbonlab.power.Marker;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.Framework;
import org.carbonlab.workload.Nd4jTraining;
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

    /** Runs the trial described in the file {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // library chatter must not mix with the protocol
        ObjectMapper json = Json.MAPPER; // the settings the parent reads trials.jsonl with
        try {
            Input in = json.readValue(Path.of(args[0]).toFile(), Input.class);
            TrialSettings s = TrialSettings.fromMap(in.settings());
            FashionMnist.Data data = s.loadData();
            Optional<Marker> marker = Optional.of(label -> mark(protocol, label));
            TrialOutcome o;
            if (s.engine() == Framework.ND4J) {
                String build = Nd4jRuntime.configure();
                Training.Result r = Nd4jTraining.train(s.config(in.seed()), data, marker);
                o = TrialOutcome.of(r, null, "ND4J " + Nd4jRuntime.VERSION + " SameDiff (native build " + build
                        + ")", data.origin());
            } else {
                Training.Result r;
                if (s.teacher().equals("none")) {
                    r = Training.train(s.config(in.seed()), data, marker);
                } else {
                    try (Training.LoadedModel t = Training.load(Architecture.CNN_WIDE, Path.of(s.teacher()),
                            s.device())) {
                        r = Training.train(s.config(in.seed()), data, marker, Optional.of(t), Optional.empty());
                    }
                }
                Engine e = Engine.getInstance();
                o = TrialOutcome.of(r, Engine.getDjlVersion(), e.getEngineName() + " " + e.getVersion(),
                        data.origin()).withDetails(DeviceInfo.of(s.device()));
            }
            protocol.println(RESULT + json.writeValueAsString(o));
            protocol.flush();
        } catch (RuntimeException e) {
            protocol.println(ERROR + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
            e.printStackTrace();
            System.exit(2);
        }
        System.exit(0);
    }

    private static void mark(PrintStream protocol, String label) {
        protocol.println(MARK + label);
        protocol.flush();
    }
}
