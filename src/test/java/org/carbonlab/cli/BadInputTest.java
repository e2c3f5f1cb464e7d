package org.carbonlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input a user can type, through the real {@link Main} in-process: the exit code, the first line of
 * what it says (what is wrong, what is valid), and that nothing was written, neither beside the inputs nor in the
 * default output folders.
 */
class BadInputTest {

    @TempDir
    static Path tmp;

    /** {@code tmp}-relative placeholders in the cases, made real in {@link #files}. */
    private static Path dir;
    private static Path notJson;
    private static Path spec;

    /**
     * One bad input.
     *
     * @param args  the command line ({@code $T} stands for the temporary folder)
     * @param exit  the exit code
     * @param first how the first line of the message starts
     */
    record Case(List<String> args, int exit, String first) {
        @Override
        public String toString() {
            return args.isEmpty() ? "(no command)" : String.join(" ", args);
        }
    }

    private static Case c(int exit, String first, String... args) {
        return new Case(List.of(args), exit, first);
    }

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createDirectories(tmp.resolve("a-dir"));
        notJson = Files.writeString(tmp.resolve("notes.json"), "not json at all\n");
        spec = tmp.resolve("specs");
        Files.createDirectories(spec);
        for (String[] s : new String[][] {
            {"unknown-key", "name: x\nrepetiions: 3\n"},
            {"region", "name: x\ncarbon: {region: SE33}\n"},
            {"region-and-intensity", "name: x\ncarbon: {region: DE, intensity: 0.1}\n"},
            {"precision", "name: x\nworkload: {precision: fp8}\n"},
            {"repetitions", "name: x\nrepetitions: 0\n"},
            {"duplicate", "name: x\nvariants: {precision: [fp32, fp32]}\n"},
            {"baseline", "name: x\nvariants: {precision: [fp32, fp16]}\nbaseline: precision=bf16\n"},
            {"slurm-key", "name: x\nslurm: {queue: a}\n"},
            {"slurm-array", "name: x\nslurm: {sbatch-args: [--array=1-4]}\n"},
            {"target", "name: x\nworkload: {target-accuracy: 90}\n"},
            {"source", "name: x\npower: {sources: [foo]}\n"},
            {"interval", "name: x\npower: {interval: 1ms}\n"},
            {"timeout", "name: x\ntrial-timeout: soon\n"},
            {"name", "name: X Y\n"},
            {"yaml", "name: x\nvariants: [\n"},
            {"command", "name: x\nworkload: {engine: command, command: [fake, '{nope}']}\n"},
            {"rapl", "name: x\npower: {sources: [rapl]}\n"},
            {"examples", "name: x\nworkload: {train-examples: 99999999}\n"},
        }) {
            Files.writeString(spec.resolve(s[0] + ".yaml"), s[1]);
        }
    }

    static Stream<Case> cases() {
        String s = "$T/specs/";
        String run = "results/quickstart/20261128T034516Z";
        return Stream.of(
                // run and its specs
                c(2, "carbonlab: give a SPEC to run, or --resume RUN_DIR, not both", "run"),
                c(2, "carbonlab: cannot read the study spec $T/missing.yaml", "run", "$T/missing.yaml"),
                c(2, "carbonlab: cannot read the study spec $T/a-dir", "run", "$T/a-dir"),
                c(2, "carbonlab: " + s + "unknown-key.yaml:2:1: unknown key 'repetiions' in the study", "run",
                        s + "unknown-key.yaml"),
                c(2, "carbonlab: " + s + "region.yaml:2:18: unknown region 'SE33'", "run", s + "region.yaml"),
                c(2, "carbonlab: " + s + "region-and-intensity.yaml:2:33: give carbon.region or carbon.intensity,"
                        + " not both", "run", s + "region-and-intensity.yaml"),
                c(2, "carbonlab: " + s + "precision.yaml:2:23: unknown precision 'fp8'", "run", s + "precision.yaml"),
                c(2, "carbonlab: " + s + "repetitions.yaml:2:14: repetitions must be", "run", s + "repetitions.yaml"),
                c(2, "carbonlab: " + s + "duplicate.yaml:2:", "run", s + "duplicate.yaml"),
                c(2, "carbonlab: " + s + "baseline.yaml:3:11: baseline 'precision=bf16' is not a variant", "run",
                        s + "baseline.yaml"),
                c(2, "carbonlab: " + s + "slurm-key.yaml:2:9: unknown key 'queue' in slurm", "run",
                        s + "slurm-key.yaml"),
                c(2, "carbonlab: " + s + "slurm-array.yaml:2:23: slurm.sbatch-args may not set --array", "run",
                        s + "slurm-array.yaml"),
                c(2, "carbonlab: " + s + "target.yaml:2:", "run", s + "target.yaml"),
                c(2, "carbonlab: " + s + "source.yaml:2:", "run", s + "source.yaml"),
                c(2, "carbonlab: " + s + "interval.yaml:2:", "run", s + "interval.yaml"),
                c(2, "carbonlab: " + s + "timeout.yaml:2:", "run", s + "timeout.yaml"),
                c(2, "carbonlab: " + s + "name.yaml:1:", "run", s + "name.yaml"),
                c(2, "carbonlab: " + s + "yaml.yaml:", "run", s + "yaml.yaml"),
                c(2, "carbonlab: " + s + "command.yaml:", "run", s + "command.yaml"),
                c(2, "carbonlab: " + s + "region.yaml:2:18: unknown region", "run", "--dry-run", s + "region.yaml"),
                // the dry run refuses what the run would, before predicting anything
                c(2, "carbonlab: power source 'rapl' cannot read", "run", "--dry-run", s + "rapl.yaml"),
                c(2, "Unmatched argument at index 0: 'optimise'", "optimise", "--help"),
                c(2, "carbonlab: experiments/tune-pytorch.yaml tunes (it has a tune: section): carbonlab tune runs it",
                        "run", "experiments/tune-pytorch.yaml"),
                c(2, "carbonlab: experiments/quickstart.yaml has no tune: section: carbonlab run runs a study", "tune",
                        "experiments/quickstart.yaml"),
                c(2, "carbonlab: " + s + "examples.yaml:2:28: train-examples 99999999 is more than the 9167 training examples"
                        + " of the bundled subset; use at most 9167 or 0 for all", "run", "--dry-run", s + "examples.yaml"),
                c(2, "carbonlab: $T/a-dir is not a run directory", "run", "--resume", "$T/a-dir"),
                c(2, "carbonlab: give a SPEC to run, or --resume RUN_DIR, not both", "run", s + "region.yaml",
                        "--resume", run),
                c(2, "carbonlab: --wait goes with --slurm", "run", "experiments/quickstart.yaml", "--wait"),
                // estimate
                c(2, "Missing required option: '--hours=H'", "estimate", "--gpu", "T4"),
                c(2, "carbonlab: --hours must be a positive number of hours", "estimate", "--gpu", "T4", "--hours",
                        "-1"),
                c(2, "carbonlab: unknown GPU 'NoSuch'", "estimate", "--gpu", "NoSuch", "--hours", "1"),
                c(2, "carbonlab: unknown region 'XX-YY'", "estimate", "--gpu", "T4", "--hours", "1", "--region",
                        "XX-YY"),
                c(2, "carbonlab: give --region or --intensity, not both", "estimate", "--gpu", "T4", "--hours", "1",
                        "--region", "DE", "--intensity", "0.1"),
                c(2, "carbonlab: PUE must be between 1.0 and 5.0", "estimate", "--gpu", "T4", "--hours", "1",
                        "--pue", "0.5"),
                c(2, "Invalid value for option '--hours'", "estimate", "--gpu", "T4", "--hours", "many"),
                c(2, "carbonlab: no SPECpower model for CPU generation 'zen9'; known: epyc-gen1, ", "estimate",
                        "--cpu-generation", "zen9", "--vcpus", "4", "--hours", "1"),
                c(2, "carbonlab: --cpu-generation needs --vcpus N", "estimate", "--cpu-generation", "epyc-gen5",
                        "--hours", "1"),
                c(2, "carbonlab: --vcpus counts the threads of a --cpu-generation ID", "estimate", "--gpu", "T4",
                        "--vcpus", "4", "--hours", "1"),
                c(2, "carbonlab: give the CPU once: --cpu MODEL (its TDP) or --cpu-generation ID", "estimate", "--cpu",
                        "Xeon Gold 6148", "--cpu-generation", "skylake-server", "--vcpus", "4", "--hours", "1"),
                c(2, "carbonlab: --load is the busy share of a --cpu-generation's vCPUs", "estimate", "--cpu",
                        "Xeon Gold 6148", "--load", "0.5", "--hours", "1"),
                c(2, "carbonlab: --load must be the busy share of the vCPUs' time, 0 to 1, got 1.5", "estimate",
                        "--cpu-generation", "here", "--vcpus", "2", "--load", "1.5", "--hours", "1"),
                // whatif
                c(2, "carbonlab: --energy-kwh must be a positive amount of energy", "whatif", "--energy-kwh", "-5",
                        "--regions", "DE"),
                c(2, "carbonlab: --energy-kwh must be a positive amount of energy", "whatif", "--energy-kwh", "0",
                        "--regions", "DE"),
                c(2, "carbonlab: $T/missing.json does not exist", "whatif", "--summary", "$T/missing.json",
                        "--regions", "DE"),
                c(2, "carbonlab: $T/a-dir is a directory, not a file", "whatif", "--summary", "$T/a-dir",
                        "--regions", "DE"),
                c(2, "carbonlab: $T/notes.json is not a measurement's summary.json", "whatif", "--summary",
                        "$T/notes.json", "--regions", "DE"),
                c(2, "carbonlab: region 'XX' is not in the carbon-intensity table", "whatif", "--energy-kwh", "1",
                        "--regions", "XX"),
                c(2, "carbonlab: no 1800 figure for 'DE'", "whatif", "--energy-kwh", "1", "--regions", "DE",
                        "--years", "1800"),
                // schedule
                c(2, "Missing required options", "schedule"),
                c(2, "Invalid value for option '--duration': '5x' is not a duration", "schedule", "--duration", "5x",
                        "--series", "$T/notes.json"),
                // measure
                c(2, "Missing required parameter: 'CMD'", "measure"),
                c(2, "carbonlab: power source 'rapl' cannot read", "measure", "--source", "rapl",
                        "--powercap-root", "$T/no-powercap", "--", "true"),
                c(2, "carbonlab: unknown power source 'foo'", "measure", "--source", "foo", "--", "true"),
                c(127, "carbonlab: cannot run 'no-such-command-here': not found on the PATH", "measure", "--",
                        "no-such-command-here"),
                c(2, "carbonlab: sampling interval must be positive, got 0 ms", "measure", "--interval", "0s", "--",
                        "true"),
                c(2, "carbonlab: unknown region 'Mars'", "measure", "--region", "Mars", "--", "true"),
                // train
                c(2, "carbonlab: unknown model 'resnet'", "train", "--model", "resnet"),
                c(2, "carbonlab: bf16 is not supported on DJL 0.36's PyTorch engine", "train", "--model", "cnn",
                        "--precision", "bf16"),
                c(2, "carbonlab: --target is a validation accuracy, a fraction in (0, 1]", "train", "--model", "cnn",
                        "--target", "90"),
                c(2, "carbonlab: $T/a-dir/train-images-idx3-ubyte.gz: not found", "train", "--model", "cnn",
                        "--data", "$T/a-dir"),
                // report
                c(2, "carbonlab: give one of RUN_DIR, --jmh FILE, --roofline FILE... or --energy-check TRACE",
                        "report"),
                c(2, "carbonlab: $T/a-dir is not a run directory", "report", "$T/a-dir"),
                c(2, "carbonlab: $T/missing.json does not exist", "report", "--jmh", "$T/missing.json"),
                c(2, "carbonlab: $T/notes.json is not JMH JSON output", "report", "--jmh", "$T/notes.json"),
                c(2, "carbonlab: $T/missing.json does not exist", "report", "--roofline", "$T/missing.json"),
                // compare, ledger, status, trial, sensors, bench, the command itself
                c(2, "carbonlab: " + run + " and " + run + " are the same run", "compare", run, run),
                c(2, "carbonlab: $T/a-dir is not a run directory", "compare", "$T/a-dir", run),
                c(2, "carbonlab: $T/missing is not a directory", "ledger", "$T/missing"),
                c(2, "carbonlab: $T/a-dir is not a run directory", "status", "$T/a-dir"),
                c(2, "carbonlab: trial index 99 is not in the plan", "trial", run, "99"),
                c(2, "carbonlab: unknown power source 'foo'", "sensors", "--source", "foo"),
                c(2, "carbonlab: the benchmarks are in target/benchmarks.jar, not this jar", "bench", "Spin"),
                c(2, "Unmatched argument at index 0: 'nosuch'", "nosuch"),
                c(2, "give a command (listed below), e.g. carbonlab run experiments/quickstart.yaml", new String[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAnsweredInOneLineWithNothingWritten(Case k) throws IOException {
        List<String> args = k.args().stream().map(a -> a.replace("$T", tmp.toString())).toList();
        List<String> before = listing();
        CliRun r = new CliRun();
        int code = r.run(args.toArray(String[]::new));
        String err = r.err.toString();
        String first = err.lines().findFirst().orElse("");
        assertEquals(k.exit(), code, err);
        assertTrue(first.startsWith(k.first().replace("$T", tmp.toString())), "first line: " + first);
        assertTrue(!err.contains("\tat org.") && !err.contains("Exception in"), "no stack trace: " + err);
        assertEquals(before, listing(), "nothing written");
    }

    /** Every file under the temporary folder and the default output folders. */
    private static List<String> listing() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path root : List.of(tmp, Path.of("results", "measure"), Path.of("results", "train"),
                Path.of("results", "x"))) {
            if (Files.exists(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.map(Path::toString).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }
}
