package org.carbonlab.workload;

import org.carbonlab.compute.Precision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@org.junit.jupiter.api.Tag("native")
class PrecisionTest {

    static FashionMnist.Data small;

    @BeforeAll
    static void data() {
        FashionMnist.Data all = FashionMnist.bundled();
        small = new FashionMnist.Data(all.train().slice(0, 384), all.validation().slice(0, 128),
                all.test().slice(0, 128), "first 384 of the bundled subset");
    }

    @ParameterizedTest
    @CsvSource({"cnn,fp16", "cnn,amp-fp16", "vit-tiny,fp16", "vit-tiny,amp-fp16", "cnn-wide,fp16",
        "cnn-wide,amp-fp16", "cnn-small,fp16", "cnn-small,amp-fp16"})
    void eachModelTrainsInLowPrecisionAndItsLossFalls(String model, String precision) {
        Training.Result r = Training.train(new Training.Config(Architecture.of(model), Precision.of(precision), 3, 64,
                1e-3f, 5, 0, 0, Double.NaN), small, Optional.empty());
        double first = r.epochs().get(0).trainLoss();
        double last = r.epochs().get(2).trainLoss();
        assertTrue(Double.isFinite(last) && last < first, model + " " + precision + ": loss " + first + " -> " + last);
    }

    @Test
    void ampKeepsFp32MasterWeightsAndAnOverflowHalvesTheScaleAndSkipsThatStep() {
        Training.Config c = new Training.Config(Architecture.CNN_SMALL, Precision.AMP_FP16, 1, 64, 1e-3f, 5, 0, 0,
                Double.NaN);
        Training.Result clean = Training.train(c, small, Optional.empty(), Optional.empty(), Optional.empty(),
                step -> false);
        // at 2^16 the first steps may overflow for real: that is what dynamic scaling is for
        assertEquals(LossScaler.INITIAL_SCALE / Math.pow(2, clean.skippedSteps()), clean.lossScale(), 0);
        assertEquals(java.util.Set.of(ai.djl.ndarray.types.DataType.FLOAT32), clean.weightTypes());
        Training.Result injected = Training.train(c, small, Optional.empty(), Optional.empty(), Optional.empty(),
                step -> step == 5); // later than any natural overflow of this seed
        assertEquals(clean.skippedSteps() + 1, injected.skippedSteps());
        assertEquals(clean.lossScale() / 2, injected.lossScale(), 0);
        assertEquals(clean.steps(), injected.steps());
        Training.Result fp16 = Training.train(new Training.Config(Architecture.CNN_SMALL, Precision.FP16, 1, 64, 1e-3f,
                5, 0, 0, Double.NaN), small, Optional.empty());
        assertEquals(java.util.Set.of(ai.djl.ndarray.types.DataType.FLOAT16), fp16.weightTypes());
    }

    @Test
    void theScalerGrowsAfterCleanStepsAndShrinksOnOverflow() {
        LossScaler s = new LossScaler();
        for (int i = 0; i < LossScaler.GROWTH_INTERVAL - 1; i++) {
            assertTrue(s.onStep(false));
        }
        assertEquals(65_536f, s.scale());
        assertTrue(s.onStep(false));
        assertEquals(131_072f, s.scale());
        assertFalse(s.onStep(true));
        assertEquals(65_536f, s.scale());
        assertEquals(1, s.skipped());
    }
}
