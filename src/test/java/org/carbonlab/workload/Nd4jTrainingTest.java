package org.carbonlab.workload;

import org.carbonlab.compute.Precision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.carbonlab.power.Marker;

/** The SameDiff cnn: DESIGN.md's architecture, a step that learns, a short run that learns, and what it refuses. */
@org.junit.jupiter.api.Tag("native")
class Nd4jTrainingTest {

    @Test
    void theSameDiffModelsHaveDesignMdsParameterCounts() {
        for (Architecture a : List.of(Architecture.CNN, Architecture.CNN_WIDE, Architecture.CNN_SMALL)) {
            Nd4jTraining.Session s = new Nd4jTraining.Session(Training.Config.reference(a, 1, 1), 128);
            assertEquals(a.parameters(), s.parameters(), a.id());
        }
    }

    @Test
    void aStepLowersTheLossOnItsBatchOfTheBundledData() {
        FashionMnist.Split train = FashionMnist.bundled().train();
        Nd4jTraining.Session s = new Nd4jTraining.Session(Training.Config.reference(Architecture.CNN, 1, 7),
                train.size());
        int[] idx = IntStream.range(0, 128).toArray();
        double before = s.loss(train, idx);
        assertTrue(before > 1.5 && before < 4, "an untrained 10-class model's loss is near ln 10: " + before);
        double reported = s.step(train, idx);
        double after = s.loss(train, idx);
        assertEquals(before, reported, 1e-4, "step reports the loss it stepped from");
        assertTrue(after < before, "loss " + before + " -> " + after);
    }

    @Test
    void aShortRunLearnsAndMarksTheMeterLikeDjl() {
        FashionMnist.Data all = FashionMnist.bundled();
        FashionMnist.Data small = new FashionMnist.Data(all.train().slice(0, 1024), all.validation().slice(0, 256),
                all.test().slice(0, 256), "first 1024 of the bundled subset");
        List<String> marks = new ArrayList<>();
        Marker m = marks::add;
        Training.Result r = Nd4jTraining.train(new Training.Config(Architecture.CNN_SMALL, Precision.FP32, 2, 128,
                1e-3f, 3, 0, 0, 0.5), small, Optional.of(m));
        assertEquals(List.of("train-1", "validate-1", "train-2", "validate-2", "after-training", "inference-10000",
                "after-inference"), marks);
        assertEquals(16, r.steps());
        assertTrue(r.epochs().get(1).trainLoss() < r.epochs().get(0).trainLoss(), "loss falls: " + r.epochs());
        assertTrue(r.testAccuracy() > 0.3, "well above chance (0.1) after 16 steps: " + r.testAccuracy());
        assertTrue(r.inferenceSeconds() > 0);
    }

    @Test
    void refusesWhatItDoesNotTrain() {
        FashionMnist.Data d = FashionMnist.bundled();
        // users are refused by the nd4j engine (EnginesTest); reaching the training with these is a bug
        IllegalArgumentException vit = assertThrows(IllegalArgumentException.class, () -> Nd4jTraining.train(
                Training.Config.reference(Architecture.VIT_TINY, 1, 1), d, Optional.empty()));
        assertEquals("ND4J trains the cnn family in fp32 on the CPU here, not vit-tiny fp32 on cpu", vit.getMessage());
        IllegalArgumentException fp16 = assertThrows(IllegalArgumentException.class, () -> Nd4jTraining.train(
                new Training.Config(Architecture.CNN, Precision.FP16, 1, 128, 1e-3f, 1, 0, 0, Double.NaN), d,
                Optional.empty()));
        assertTrue(fp16.getMessage().contains("not cnn fp16"), fp16.getMessage());
    }
}
