package org.carbonlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.compute.Precision;
import org.carbonlab.kernel.Backend;
import org.carbonlab.workload.Architecture;

import org.junit.jupiter.api.Test;

/** The engines found by name, what each refuses before anything native loads, and each trial's process line. */
class EnginesTest {

    private static Engine.Request cnn(Precision p) {
        return new Engine.Request(Architecture.CNN, p, false, ComputeDevice.CPU, false);
    }

    private static String refusal(Engine e, Engine.Request r) {
        return assertThrows(org.carbonlab.util.UserException.class, () -> e.requireTrains(r)).getMessage();
    }

    @Test
    void theRegistryNamesEveryEngineOnceAndRefusesOthersNamingTheValidOnes() {
        assertEquals(List.of("djl", "nd4j", "command"), Engines.ids());
        for (String id : Engines.ids()) {
            assertEquals(id, Engines.of(id).id());
            assertSame(Engines.of(id), Engines.of(id.toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals("unknown engine 'jax'; valid: [djl, nd4j, command]",
                assertThrows(org.carbonlab.util.UserException.class, () -> Engines.of("jax")).getMessage());
    }

    @Test
    void djlRefusesBf16BeforeItsJniCanAbortTheJvmAndAmpWithATeacher() {
        Engine djl = Engines.of("djl");
        djl.requireTrains(cnn(Precision.FP32));
        djl.requireTrains(cnn(Precision.AMP_FP16));
        assertEquals("bf16 is not supported on DJL 0.36's PyTorch engine: its JNI has no BF16 type and aborts the JVM"
                + " on any BF16 array; use fp32, fp16 or amp-fp16 here", refusal(djl, cnn(Precision.BF16)));
        assertTrue(refusal(djl, cnn(Precision.AMP_BF16)).startsWith("amp-bf16 is not supported on DJL 0.36"));
        assertEquals("distillation (teacher) runs in fp32 or fp16 here, not amp-fp16", refusal(djl,
                new Engine.Request(Architecture.CNN_SMALL, Precision.AMP_FP16, true, ComputeDevice.CPU, false)));
        assertEquals(Backend.DJL, djl.rooflineBackend());
    }

    @Test
    void nd4jTrainsTheCnnFamilyInFp32OnHardLabelsOnTheCpu() {
        Engine nd4j = Engines.of("nd4j");
        nd4j.requireTrains(cnn(Precision.FP32));
        assertEquals("the nd4j engine builds the cnn family only (cnn, cnn-wide, cnn-small), not vit-tiny",
                refusal(nd4j, new Engine.Request(Architecture.VIT_TINY, Precision.FP32, false, ComputeDevice.CPU, false)));
        assertEquals("the nd4j engine trains in fp32 only here, not fp16", refusal(nd4j, cnn(Precision.FP16)));
        assertEquals("the nd4j engine trains on hard labels only: set teacher: none", refusal(nd4j,
                new Engine.Request(Architecture.CNN_SMALL, Precision.FP32, true, ComputeDevice.CPU, false)));
        assertEquals("the nd4j engine trains on the CPU here, not on device gpu", refusal(nd4j,
                new Engine.Request(Architecture.CNN, Precision.FP32, false, ComputeDevice.GPU, false)));
        assertEquals(Backend.ND4J_ONEDNN, nd4j.rooflineBackend());
    }

    @Test
    void aCommandNeedsItsCommandLineAndLeavesEverythingElseToTheCommand() {
        Engine command = Engines.of("command");
        assertEquals("engine: command needs workload.command, the training command as a list of arguments"
                + " (experiments/PROTOCOL.md)", refusal(command, cnn(Precision.FP32)));
        command.requireTrains(new Engine.Request(Architecture.CNN, Precision.AMP_BF16, true, ComputeDevice.GPU, true));
        Engine.Launch launch = new Engine.Launch(List.of("/jdk/bin/java", "-Xmx1g"), "a.jar:b.jar", "x.Main",
                Path.of("/tmp/in.json"), List.of("python3", "train.py", "--seed", "3"), Path.of("/work/exp"));
        assertEquals(new Engine.Line(List.of("python3", "train.py", "--seed", "3"), Path.of("/work/exp")),
                command.trialLine(launch), "a command starts where the spec says");
        assertEquals(new Engine.Line(List.of("/jdk/bin/java", "-Xmx1g", "-cp", "a.jar:b.jar", "x.Main",
                "/tmp/in.json"), null), Engines.of("djl").trialLine(launch),
                "a DJL trial is a child JVM on the input file, started where carbonlab runs");
        assertEquals("the command", command.trialNoun());
        assertFalse(command.reportsEveryTrial(), "a command may say nothing");
        assertTrue(Engines.of("nd4j").reportsEveryTrial());
    }

    @Test
    void aCommandIsGivenWhatItsLineNamesAChildJvmTheBuiltInKeys() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("engine", "x");
        settings.put("model", "cnn");
        settings.put("batch-size", "64");
        settings.put("allocator", "glibc");
        settings.put("env.OMP_NUM_THREADS", "1");
        settings.put("width", "3");
        assertEquals(List.of("engine", "batch-size", "allocator", "env.OMP_NUM_THREADS"), List.copyOf(
                Engines.of("command").given(settings, List.of("model"), Set.of("batch-size")).keySet()));
        assertEquals(List.of("model", "env.OMP_NUM_THREADS"), List.copyOf(
                Engines.of("djl").given(settings, List.of("model"), Set.of("batch-size")).keySet()));
    }
}
