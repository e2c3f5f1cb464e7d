package org.carbonlab.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelsTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void eachModelHasExactlyItsSpecifiedParameterCountAndTenLogits(Architecture a) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = Models.build(a);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            assertEquals(a.parameters(), Models.countParameters(b), a.id());
            NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
            NDList y = b.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(new Shape(3, 10), y.singletonOrThrow().getShape());
            assertTrue(y.singletonOrThrow().isInfinite().any().getBoolean() == false);
        }
    }
}
