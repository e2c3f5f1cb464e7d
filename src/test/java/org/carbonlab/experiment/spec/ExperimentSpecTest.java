package org.carbonlab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.carbonlab.compute.Precision;
import org.junit.jupiter.api.Test;

class ExperimentSpecTest {

    private static ExperimentSpec parse(String yaml) {
        return ExperimentSpec.parse(new StringReader(yaml), "s.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(SpecException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void badSpecsAreRefusedWithFileLineColumnAndTheValidOptions() {
        // the valid keys are the study definition's, the one schema (CommittedRunsTest reads every run with it)
        assertEquals("s.yaml:3:1: unknown key 'repetiions' in the study; valid: "
                + String.join(", ", org.carbonlab.results.Json.fields(org.carbonlab.results.StudyDefinition.class)),
                error("name: x\nseed: 1\nrepetiions: 3\n"));
        assertEquals(List.of("name", "description", "workload", "variants", "baseline"),
                ExperimentSpec.KEYS.subList(0, 5), "a study's keys in the order a spec is written");
        assertEquals("s.yaml:3:11: unknown model 'resnet'; valid: [cnn, vit-tiny, cnn-wide, cnn-small]",
                error("name: x\nworkload:\n  model:  resnet\n"));
        assertEquals("s.yaml:4:30: unknown precision 'fp8'; valid: [fp32, fp16, bf16, amp-fp16, amp-bf16]",
                error("name: x\nworkload:\n  model: cnn\nvariants: {precision: [fp32, fp8]}\n"));
        assertTrue(error("name: x\nvariants:\n  precision: [fp32, bf16]\n").startsWith("s.yaml:3:21: bf16 is not"
                + " supported on DJL 0.36's PyTorch engine"));
        assertEquals("s.yaml:2:14: repetitions must be a whole number, got 'three'",
                error("name: x\nrepetitions: three\n"));
        assertEquals("s.yaml:2:14: repetitions must be between 1 and 10000, got 0", error("name: x\nrepetitions: 0\n"));
        assertEquals("s.yaml:2:11: workload must be a mapping of keys to values, not a list",
                error("name: x\nworkload: [cnn]\n"));
        assertEquals("s.yaml:3:31: duplicate variant value 'fp32' in variants.precision: two rows would carry the"
                + " same name", error("name: x\nvariants:\n  precision: [fp32, amp-fp16, fp32]\n"));
        assertEquals("s.yaml:3:1: duplicate key 'name' (first at line 1)", error("name: x\nseed: 2\nname: y\n"));
        assertEquals("s.yaml:4:11: baseline 'precision=fp16' is not a variant; valid: [precision=fp32,"
                + " precision=amp-fp16]", error("name: x\nvariants:\n  precision: [fp32, amp-fp16]\nbaseline:"
                + " precision=fp16\n"));
        assertEquals("s.yaml:2:8: unknown order 'random'; valid: counterbalanced, interleaved, randomised-blocks",
                error("name: x\norder: random\n"));
        assertEquals("s.yaml:2:11: cooldown: '5 sec' is not a duration; write e.g. 100ms, 5s, 2m, 6h or PT0.5S",
                error("name: x\ncooldown: 5 sec\n"));
        assertEquals("s.yaml:3:3: unknown key 'source' in power; valid: sources, interval, estimate",
                error("name: x\npower:\n  source: rapl\n"));
        assertEquals("s.yaml:1:7: name 'My Study' must be lower-case letters, digits and '-' (it names the results"
                + " directory)", error("name: My Study\n"));
        assertTrue(error("name: x\nworkload:\n  data: /nonexistent/fmnist\n").startsWith("s.yaml:3:9: data"
                + " '/nonexistent/fmnist' is not a directory"));
        assertEquals("s.yaml:3:1: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got"
                + " <stream end>", error("name: x\nseed: [1\n"));
        assertEquals("s.yaml:1:1: the study needs 'name'", error("seed: 1\n"));
        // a number the lower layers refuse is placed once, at its value
        assertEquals("s.yaml:2:15: carbon.pue must be a number, got 'abc'", error("name: x\ncarbon: {pue: abc}\n"));
        assertTrue(error("name: x\ncarbon: {pue: 0.5}\n").startsWith("s.yaml:2:15: PUE must be between 1.0 and 5.0"));
    }

    @Test
    void aCombinationThatCannotRunIsRefusedBeforeAnythingRuns() {
        String msg = error("name: x\nworkload:\n  model: cnn-small\nvariants:\n  precision: [fp32, amp-fp16]\n"
                + "  teacher: [none, " + Path.of("src").toAbsolutePath() + "]\n");
        assertTrue(msg.startsWith("s.yaml:5:3: variant 'precision=amp-fp16 teacher="), msg);
        assertTrue(msg.endsWith("distillation (teacher) runs in fp32 or fp16 here, not amp-fp16"), msg);
        assertEquals("s.yaml:3:3: variant 'engine=nd4j precision=amp-fp16': the nd4j engine trains in fp32 only here,"
                + " not amp-fp16", error("name: x\nvariants:\n  engine: [djl, nd4j]\n  precision: [fp32, amp-fp16]\n"));
        // the engine is read first, whatever its line: the model that it cannot build is the one refused
        assertEquals("s.yaml:3:10: the nd4j engine builds the cnn family only (cnn, cnn-wide, cnn-small), not vit-tiny",
                error("name: x\nworkload:\n  model: vit-tiny\n  engine: nd4j\n"));
        assertEquals("s.yaml:3:11: unknown engine 'tf'; valid: [djl, nd4j, command]", error("name: x\nworkload:\n  engine: tf\n"));
        assertEquals("s.yaml:4:11: the nd4j engine trains on the CPU here, not on device gpu",
                error("name: x\nworkload:\n  engine: nd4j\n  device: gpu\n"));
        assertEquals("s.yaml:3:11: unknown device 'cuda'; valid: [cpu, gpu]", error("name: x\nworkload:\n  device: cuda\n"));
    }

    @Test
    void slurmPlacementsAreSpecKeysAndVariantDimensions() {
        ExperimentSpec s = parse("name: g\nvariants:\n  slurm.partition: [a100, h100]\nrepetitions: 1\n"
                + "power: {sources: [estimate]}\nslurm: {account: lab, max-parallel: 2, gres: 'gpu:1',"
                + " sbatch-args: [--mem=8G]}\n");
        List<Plan.Variant> v = Plan.variants(s);
        assertEquals(List.of("slurm.partition=a100", "slurm.partition=h100"), v.stream().map(Plan.Variant::name)
                .toList());
        assertEquals(v.get(0).settings(), v.get(1).settings(), "a placement changes nothing of the training");
        SlurmSettings h100 = s.slurm().orElseThrow().forVariant(v.get(1).values());
        assertEquals(List.of("--partition=h100", "--account=lab", "--gres=gpu:1", "--mem=8G"),
                h100.placementArgs(false));
        assertEquals(List.of("--partition=h100", "--account=lab", "--gres=gpu:1", "--exclusive", "--mem=8G"),
                h100.placementArgs(true), "RAPL reads whole sockets: exclusive nodes by default");
        assertEquals("s.yaml:2:9: unknown key 'queue' in slurm; valid: " + String.join(", ", SlurmSettings.KEYS),
                error("name: x\nslurm: {queue: a}\n"));
        assertEquals("s.yaml:2:23: slurm.sbatch-args may not set --array: carbonlab sets it (use max-parallel for"
                + " the array's throttle)", error("name: x\nslurm: {sbatch-args: [--array=1-4]}\n"));
        assertTrue(error("name: x\nvariants:\n  slurm.partition: ['a b']\n")
                .startsWith("s.yaml:3:21: slurm.partition must be one word"));
    }

    @Test
    void listsExpandIntoANamedMatrixAndDefaultsAreFilledIn() {
        ExperimentSpec s = parse("name: m\nworkload: {epochs: 2, train-examples: 500}\nvariants:\n"
                + "  model: [cnn, cnn-small]\n  precision: [fp32, amp-fp16, fp16]\nrepetitions: 2\nseed: 10\n");
        List<Plan.Variant> v = Plan.variants(s);
        assertEquals(List.of("model=cnn precision=fp32", "model=cnn precision=amp-fp16", "model=cnn precision=fp16",
                "model=cnn-small precision=fp32", "model=cnn-small precision=amp-fp16",
                "model=cnn-small precision=fp16"), v.stream().map(Plan.Variant::name).toList());
        assertEquals(Precision.AMP_FP16, v.get(4).settings().precision());
        assertEquals(2, v.get(4).settings().epochs());
        assertEquals(500, v.get(4).settings().trainExamples());
        assertEquals("model=cnn precision=fp32", s.baseline());
        assertEquals(org.carbonlab.stats.RunOrder.COUNTERBALANCED, s.order(), "the default");
        assertEquals(1.59, s.pue().value());
        Plan p = Plan.of(s);
        assertEquals(12, p.trials().size());
        // counterbalanced: A B C D E F, F E D C B A (a steady drift cancels over the two), paired seeds per repetition
        for (int i = 0; i < 12; i++) {
            Plan.Trial t = p.trials().get(i);
            assertEquals(v.get(i < 6 ? i : 11 - i), t.variant());
            assertEquals(i / 6 + 1, t.repetition());
            assertEquals(10 + i / 6, t.seed());
            assertEquals(String.format("t%03d", i + 1), t.id());
        }
    }

    @Test
    void randomisedBlocksShuffleEachRepetitionReproducibly() {
        String yaml = "name: r\nvariants: {precision: [fp32, fp16, amp-fp16], batch-size: [64, 128]}\n"
                + "repetitions: 4\norder: randomised-blocks\norder-seed: 7\n";
        Plan a = Plan.of(parse(yaml));
        Plan b = Plan.of(parse(yaml));
        assertEquals(a.trials(), b.trials());
        List<String> firstBlock = null;
        boolean differs = false;
        for (int r = 0; r < 4; r++) {
            List<String> block = a.trials().subList(r * 6, r * 6 + 6).stream().map(t -> t.variant().name()).toList();
            assertEquals(6, new HashSet<>(block).size(), "each block holds every variant once");
            final int rep = r + 1;
            a.trials().subList(r * 6, r * 6 + 6).forEach(t -> assertEquals(rep, t.repetition()));
            if (firstBlock == null) {
                firstBlock = block;
            } else {
                differs |= !block.equals(firstBlock);
            }
        }
        assertTrue(differs, "the blocks are shuffled differently");
        Plan c = Plan.of(parse(yaml.replace("order-seed: 7", "order-seed: 8")));
        assertNotEquals(a.trials(), c.trials());
        Set<String> names = new HashSet<>();
        a.trials().forEach(t -> names.add(t.variant().name() + "#" + t.repetition()));
        assertEquals(24, names.size());
    }

    @Test
    void theCommittedSpecsAreValid() {
        for (String f : List.of("experiments/reference.yaml", "experiments/quickstart.yaml")) {
            ExperimentSpec s = ExperimentSpec.parse(Path.of(f));
            assertEquals("precision=fp32", s.baseline(), f);
            // the quickstart plans a warm-up per variant and its most blocks (8); it may stop after 3
            assertEquals(f.contains("quickstart") ? 2 + 2 * 8 : 6, Plan.of(s).trials().size(), f);
        }
        String reference = assertDoesNotThrow(() -> java.nio.file.Files.readString(Path.of(
                "experiments/reference.yaml")));
        for (String key : ExperimentSpec.KEYS) { // every setting is documented, set or commented out
            assertTrue(java.util.regex.Pattern.compile("(?m)^(# ?)?" + java.util.regex.Pattern.quote(key) + ":")
                    .matcher(reference).find(), "experiments/reference.yaml documents " + key);
        }
        ExperimentSpec aa = ExperimentSpec.parse(Path.of("experiments/aa-quickstart.yaml"));
        List<Plan.Variant> same = Plan.variants(aa);
        assertEquals(same.get(0).settings(), same.get(1).settings(), "an A/A study: two names, one workload");
    }

    @Test
    void labelsNameVariantsForReadersAndAreChecked() {
        ExperimentSpec rows = ExperimentSpec.parse(new java.io.StringReader("name: x\nvariants:\n"
                + "  - {label: DJL fp32, precision: fp32}\n  - {precision: amp-fp16}\n"), "s.yaml");
        assertEquals(java.util.Map.of("precision=fp32", "DJL fp32"), rows.labels());
        assertEquals(java.util.List.of("precision=fp32", "precision=amp-fp16"), Plan.variants(rows).stream()
                .map(Plan.Variant::name).toList(), "a label does not change a variant's name");
        assertEquals(java.util.Map.of("precision=fp32", "DJL fp32"), rows.resolved().labels());
        ExperimentSpec matrix = ExperimentSpec.parse(new java.io.StringReader("name: x\nvariants:\n"
                + "  precision: [fp32, amp-fp16]\nlabels: {precision=amp-fp16: mixed precision}\n"), "s.yaml");
        assertEquals("mixed precision", matrix.labels().get("precision=amp-fp16"));
        assertEquals(null, ExperimentSpec.parse(new java.io.StringReader("name: x\n"), "s.yaml").resolved().asMap()
                .get("labels"), "no labels: resolved as before");
        SpecException unknown = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () ->
                ExperimentSpec.parse(new java.io.StringReader("name: x\nvariants:\n  precision: [fp32, fp16]\n"
                        + "labels: {precision=bf16: B}\n"), "s.yaml"));
        assertTrue(unknown.getMessage().startsWith("s.yaml:4:10: labels: 'precision=bf16' is not a variant; valid:"
                + " [precision=fp32, precision=fp16]"), unknown.getMessage());
        SpecException twice = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () ->
                ExperimentSpec.parse(new java.io.StringReader("name: x\nvariants:\n  - {label: A, precision: fp32}\n"
                        + "  - {label: A, precision: fp16}\n"), "s.yaml"));
        assertTrue(twice.getMessage().contains("label 'A' is given to two variants"), twice.getMessage());
    }
}
