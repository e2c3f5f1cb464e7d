package org.carbonlab.workload;

import org.carbonlab.compute.Precision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.ManualClock;
import org.carbonlab.power.FakeSource;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.Sampler;
import org.carbonlab.power.WindowEnergy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@org.junit.jupiter.api.Tag("native")
class TrainingTest {

    static FashionMnist.Data small;

    @BeforeAll
    static void data() {
        FashionMnist.Data all = FashionMnist.bundled();
        small = new FashionMnist.Data(all.train().slice(0, 640), all.validation().slice(0, 200),
                all.test().slice(0, 200), "first 640 of the bundled subset");
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void eachModelTrainsAndItsLossFallsOnTheBundledData(Architecture a) {
        Training.Result r = Training.train(new Training.Config(a, Precision.FP32, 3, 64, 1e-3f, 7, 0, 0, Double.NaN),
                small, Optional.empty());
        assertEquals(a.parameters(), r.parameters());
        assertEquals(3, r.epochs().size());
        double first = r.epochs().get(0).trainLoss();
        double last = r.epochs().get(2).trainLoss();
        assertTrue(last < first, a.id() + ": loss " + first + " -> " + last);
        assertTrue(r.testAccuracy() > 0.2, a.id() + " should beat chance (0.1) after 30 steps: " + r.testAccuracy());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        Training.Config c = new Training.Config(Architecture.CNN_SMALL, Precision.FP32, 1, 64, 1e-3f, 11, 0, 0,
                Double.NaN);
        Training.Result a = Training.train(c, small, Optional.empty());
        Training.Result b = Training.train(c, small, Optional.empty());
        assertEquals(a.epochs().get(0).trainLoss(), b.epochs().get(0).trainLoss(), 1e-6);
        assertEquals(a.testAccuracy(), b.testAccuracy());
    }

    @Test
    void bf16IsRefusedBeforeAnythingNativeRuns() {
        for (Precision p : List.of(Precision.BF16, Precision.AMP_BF16)) {
            org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class, () -> Training.train(
                    new Training.Config(Architecture.CNN, p, 1, 64, 1e-3f, 1, 0, 0, Double.NaN), small,
                    Optional.empty()));
            assertTrue(e.getMessage().contains("no BF16 type and aborts the JVM"), e.getMessage());
        }
        assertEquals("fp32", Precision.of("FP32").id());
        org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class, () -> Precision.of("fp8"));
        assertTrue(e.getMessage().contains("valid: [fp32, fp16, bf16, amp-fp16, amp-bf16]"), e.getMessage());
    }

    @Test
    void theListenerSplitsTheWindowIntoTrainingAndValidationPerEpoch() {
        ManualClock clock = new ManualClock();
        Sampler sampler = new Sampler(List.of(new FakeSource("x").power("cpu", t -> 10.0)), Duration.ofMillis(100),
                clock);
        EnergyMeter meter = new EnergyMeter(sampler, List.of());
        meter.begin("run");
        Training.train(new Training.Config(Architecture.CNN_SMALL, Precision.FP32, 2, 128, 1e-3f, 3, 0, 0, Double.NaN),
                small, Optional.of(meter));
        Measurement m = meter.end();
        assertEquals(List.of("run", "train-1", "validate-1", "train-2", "validate-2", "after-training",
                "inference-10000", "after-inference"),
                m.segments().stream().map(WindowEnergy::label).toList());
    }

    @Test
    void theDistillationLossEqualsAHandComputedValue() {
        double[] s = {1, 2, 3};
        double[] t = {3, 1, 0};
        int y = 2;
        double temp = 4;
        double alpha = 0.9;
        double[] ps = softmax(s, temp);
        double[] pt = softmax(t, temp);
        double kl = 0;
        for (int i = 0; i < 3; i++) {
            kl += pt[i] * (Math.log(pt[i]) - Math.log(ps[i]));
        }
        double ce = -Math.log(softmax(s, 1)[y]);
        double expected = alpha * temp * temp * kl + (1 - alpha) * ce;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray got = new DistillationLoss(4f, 0.9f).evaluate(
                    new ai.djl.ndarray.NDList(m.create(new float[] {y}), m.create(new float[][] {{3, 1, 0}})),
                    new ai.djl.ndarray.NDList(m.create(new float[][] {{1, 2, 3}})));
            assertEquals(expected, got.getFloat(), 1e-5);
        }
    }

    private static double[] softmax(double[] z, double temp) {
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / temp);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    @Test
    void aStudentLearnsFromATeachersLogits() {
        // a teacher that knows the answers: logits 8 on the true class; the student's loss must fall
        FashionMnist.Split train = small.train();
        Training.Teacher oracle = images -> {
            long n = images.getShape().get(0);
            float[] z = new float[(int) n * 10];
            // the images of a batch arrive in shuffled order; recover each one's label by matching pixels
            float[] px = images.toFloatArray();
            for (int i = 0; i < n; i++) {
                z[i * 10 + labelOf(train, px, i)] = 8f;
            }
            return images.getManager().create(z, new ai.djl.ndarray.types.Shape(n, 10));
        };
        Training.Result r = Training.train(new Training.Config(Architecture.CNN_SMALL, Precision.FP32, 3, 64, 1e-3f,
                9, 0, 0, Double.NaN), small, Optional.empty(), Optional.of(oracle), Optional.empty());
        assertTrue(r.distilled());
        assertTrue(r.epochs().get(2).trainLoss() < r.epochs().get(0).trainLoss(), r.epochs().toString());
        assertTrue(r.testAccuracy() > 0.2, "student test accuracy " + r.testAccuracy());
    }

    private static int labelOf(FashionMnist.Split split, float[] px, int i) {
        float[] x = new float[FashionMnist.PIXELS];
        for (int k = 0; k < split.size(); k++) {
            split.normalised(k, x, 0);
            if (java.util.Arrays.equals(x, 0, 784, px, i * 784, i * 784 + 784)) {
                return split.labels()[k];
            }
        }
        throw new AssertionError("image not found");
    }

    @Test
    void aSavedModelLoadsAsATeacherWithTheSameAccuracy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Training.Result r = Training.train(new Training.Config(Architecture.CNN_WIDE, Precision.FP32, 1, 64, 1e-3f,
                4, 0, 0, Double.NaN), small, Optional.empty(), Optional.empty(), Optional.of(dir));
        try (Training.LoadedModel teacher = Training.load(Architecture.CNN_WIDE, dir);
             ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDList[] xy = TrainingSession.batch(m, small.test(),
                    java.util.stream.IntStream.range(0, small.test().size()).toArray(), ai.djl.ndarray.types.DataType.FLOAT32);
            ai.djl.ndarray.NDArray pred = teacher.logits(xy[0].singletonOrThrow()).argMax(1);
            long correct = pred.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).eq(xy[1].singletonOrThrow())
                    .sum().getLong();
            assertEquals(r.testAccuracy(), (double) correct / small.test().size(), 1e-9);
        }
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> Training.load(Architecture.CNN_WIDE, dir.resolve("nothing-here")));
        assertTrue(e.getMessage().contains("cannot load cnn-wide"), e.getMessage());
    }

    @Test
    void earlyStoppingStopsOnAPlateauAndKeepsTheBest() {
        EarlyStopping es = new EarlyStopping(2, 0.001);
        assertFalse(es.update(1, 0.80));
        assertFalse(es.update(2, 0.85));
        assertFalse(es.update(3, 0.8505)); // not more than min delta: stale 1
        assertTrue(es.update(4, 0.84));    // stale 2: stop
        assertEquals(0.85, es.best());
        assertEquals(2, es.bestEpoch());
        EarlyStopping never = new EarlyStopping(0, 0);
        for (int e = 1; e < 10; e++) {
            assertFalse(never.update(e, 0.5));
        }
    }

    @Test
    void earlyStoppingEndsARunWhoseValidationAccuracyStalls() {
        // a learning rate of 0 keeps the weights (and the validation accuracy) fixed: a plateau from epoch 1
        Training.Result r = Training.train(new Training.Config(Architecture.CNN_SMALL, Precision.FP32, 10, 128,
                1e-12f, 5, 2, 0.0, 0.0), small, Optional.empty());
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.epochs().size());
        assertEquals(Optional.of(1), r.targetEpoch());
    }
}
