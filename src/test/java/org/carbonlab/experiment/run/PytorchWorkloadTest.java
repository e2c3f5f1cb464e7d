package org.carbonlab.experiment.run;

import org.carbonlab.results.Json;
import org.carbonlab.results.TrialOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carbonlab.workload.Architecture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch reference workloads (experiments/pytorch/fmnist.py) against Debian's python3-torch: the same
 * parameter counts as {@link Architecture}, and a real smoke run per precision this CPU supports that speaks the
 * trial protocol. Without torch these tests are skipped, except where {@code CARBONLAB_FULL_TESTS=1} (CI, whose
 * {@code .ci/run} installs python3-torch): there they fail.
 */
@org.junit.jupiter.api.Tag("forked")
class PytorchWorkloadTest {

    /** Debian's interpreter: a python3 on the PATH may be a pyenv shim that does not see Debian's packages. */
    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "experiments/pytorch/fmnist.py";

    record Ran(int exit, List<String> out) {
    }

    static Ran python(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not end within 300 s");
        }
        return new Ran(p.exitValue(), out);
    }

    @BeforeAll
    static void torchIsThere() throws Exception {
        boolean torch = new java.io.File(PYTHON).canExecute()
                && new ProcessBuilder(PYTHON, "-c", "import torch").start().waitFor() == 0;
        if (!torch && "1".equals(System.getenv("CARBONLAB_FULL_TESTS"))) {
            fail(PYTHON + " cannot import torch: apt-get install -y python3-torch (CARBONLAB_FULL_TESTS=1)");
        }
        Assumptions.assumeTrue(torch, PYTHON + " has no torch (apt-get install -y python3-torch); skipped");
    }

    @Test
    void theFourModelsHaveTheParameterCountsOfTheDjlModels() throws Exception {
        for (Architecture a : Architecture.values()) {
            Ran r = python("--describe", "--model", a.id());
            assertEquals(0, r.exit());
            assertEquals(List.of(a.id() + " " + a.parameters()), r.out());
        }
    }

    @Test
    void eachPrecisionThisCpuRunsSpeaksTheProtocolAndTheOthersAreRefusedBeforeTraining() throws Exception {
        for (String precision : List.of("fp32", "amp-bf16")) {
            Ran r = python("--model", "cnn-small", "--precision", precision, "--epochs", "2", "--batch-size", "64",
                    "--train-examples", "300", "--predictions", "200", "--seed", "3");
            assertEquals(0, r.exit(), precision + ": " + r.out());
            List<String> marks = r.out().stream().filter(l -> l.startsWith(TrialMain.MARK))
                    .map(l -> l.substring(TrialMain.MARK.length())).toList();
            assertEquals(List.of("train-1", "validate-1", "train-2", "validate-2", "after-training", "inference-200",
                    "after-inference"), marks);
            String result = r.out().get(r.out().size() - 1);
            assertTrue(result.startsWith(TrialMain.RESULT), result);
            TrialOutcome o = Json.MAPPER.readValue(result.substring(TrialMain.RESULT.length()), TrialOutcome.class);
            assertNull(o.problem());
            assertEquals(precision, o.precision());
            assertEquals(300, o.trainExamples());
            assertEquals(10, o.steps()); // ceil(300 / 64) = 5 per epoch
            assertEquals(Architecture.CNN_SMALL.parameters(), o.parameters());
            assertEquals(precision.equals("fp32") ? "none" : "torch.bfloat16", o.details().get("autocast_dtype"));
            assertTrue(o.details().get("cpu_bf16").startsWith("native") || o.details().get("cpu_bf16")
                    .startsWith("emulated"), o.details().toString());
            assertTrue(o.metrics().get("step_ms") > 0);
        }
        Ran fp16 = python("--check", "--precision", "amp-fp16", "--device", "cpu");
        assertEquals(2, fp16.exit());
        assertTrue(fp16.out().get(0).startsWith(TrialMain.ERROR + "amp-fp16 runs on CUDA only here"), fp16.out()
                .toString());
        assertEquals(0, python("--check", "--precision", "amp-bf16", "--device", "cpu").exit());
    }
}
