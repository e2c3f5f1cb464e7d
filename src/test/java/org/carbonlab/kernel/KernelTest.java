package org.carbonlab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Every kernel against the FP64 reference on fresh random inputs (the seed is in each message, to replay a
 * failure), within its format's bound; and the pieces the check rests on.
 */
@org.junit.jupiter.api.Tag("native")
class KernelTest {

    private static final List<Op> OPS = List.of(new Op.Gemm(48, 64, 40), new Op.Conv2d(2, 3, 9, 4, 3, 1),
            new Op.Conv2d(3, 5, 7, 6, 3, 0));

    @Test
    void everyEngineAndFormatMatchesTheFp64ReferenceWithinItsBound() {
        long seed = System.nanoTime();
        List<String> unsupported = new ArrayList<>();
        int checked = 0;
        for (Backend engine : Backend.values()) {
            for (Format format : List.of(Format.FP32, Format.FP16, Format.BF16)) {
                for (Op op : OPS) {
                    double[][] in = op.inputs(seed);
                    String what = engine.id() + " " + format.id() + " " + op.id() + " seed " + seed;
                    try (Kernel k = Kernel.open(engine, op, format, in)) {
                        k.run();
                        Reference.Errors e = Reference.errors(op, in[0], in[1], k.result());
                        double bound = format.dotTolerance(op.reductionLength());
                        assertTrue(e.componentwise() <= bound, what + ": componentwise error " + e.componentwise()
                                + " > bound " + bound);
                        // and the result is that of these inputs, not of rounding alone: far better than random
                        assertTrue(e.relative() < 0.2, what + ": relative error " + e.relative());
                        checked++;
                    } catch (UnsupportedKernelException u) {
                        assertTrue(format != Format.FP32, what + ": FP32 must run everywhere: " + u.getMessage());
                        unsupported.add(what + ": " + u.getMessage());
                    }
                }
            }
        }
        // FP32 and FP16 on every engine at least; BF16 on ND4J without oneDNN at least
        assertTrue(checked >= 3 * 2 * OPS.size() + OPS.size(), "checked " + checked + "; unsupported: " + unsupported);
    }

    @Test
    void fp32ErrorsAreThoseOfSinglePrecision() {
        long seed = System.nanoTime();
        Op op = new Op.Gemm(32, 512, 32);
        double[][] in = op.inputs(seed);
        try (Kernel k = Kernel.open(Backend.DJL, op, Format.FP32, in)) {
            k.run();
            Reference.Errors e = Reference.errors(op, in[0], in[1], k.result());
            assertTrue(e.relative() > 1e-9 && e.relative() < 1e-5, "seed " + seed + ": " + e);
        }
    }

    @Test
    void djlRefusesBf16BeforeTouchingTheJni() {
        Op op = new Op.Gemm(2, 2, 2);
        UnsupportedKernelException e = assertThrows(UnsupportedKernelException.class,
                () -> Kernel.open(Backend.DJL, op, Format.BF16, op.inputs(1)));
        assertTrue(e.getMessage().contains("BF16"), e.getMessage());
    }

    @Test
    void referenceComputesByHand() {
        // [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50]
        assertArrayEquals(new double[] {19, 22, 43, 50},
                Reference.compute(new Op.Gemm(2, 2, 2), new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, false));
        assertArrayEquals(new double[] {19, 22, 43, 50},
                Reference.compute(new Op.Gemm(2, 2, 2), new double[] {1, -2, 3, 4}, new double[] {5, 6, -7, 8}, true));
        // a 3x3 image of ones, a 3x3 kernel of ones, padding 1: corners see 4, edges 6, the centre 9
        Op.Conv2d c = new Op.Conv2d(1, 1, 3, 1, 3, 1);
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertArrayEquals(new double[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, Reference.compute(c, ones, ones, false));
        assertEquals(2.0 * 1 * 1 * 3 * 3 * 9, c.flops());
    }

    @Test
    void formatsRoundLikeTheHardware() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            double x = r.nextDouble(-1e6, 1e6) * Math.pow(10, r.nextInt(-40, 3));
            assertEquals((double) (float) x, Format.FP32.round(x), "fp32 of " + x);
        }
        assertEquals(1.0, Format.FP16.round(1 + Math.scalb(1.0, -11))); // a tie goes to even
        assertEquals(1 + Math.scalb(1.0, -9), Format.FP16.round(1 + Math.scalb(3.0, -11)));
        assertEquals(65504, Format.FP16.round(65519));
        assertEquals(Double.POSITIVE_INFINITY, Format.FP16.round(65520));
        assertEquals(Math.scalb(1.0, -24), Format.FP16.round(Math.scalb(1.0, -24))); // the smallest subnormal
        assertEquals(0.333984375, Format.BF16.round(1.0 / 3));
        assertEquals(Math.scalb(1.0, -8), Format.BF16.unitRoundoff());
        assertEquals(Double.POSITIVE_INFINITY, Format.BF16.dotTolerance(256));
    }

    @Test
    void opIdsParseBackAndBadOnesSayWhatIsValid() {
        for (Op op : OPS) {
            assertEquals(op, Op.parse(op.id()));
        }
        org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class, () -> Op.parse("gemm-2x2"));
        assertTrue(e.getMessage().contains("gemm-MxKxN"), e.getMessage());
        assertEquals("unknown number format 'fp8'; valid: [fp64, fp32, fp16, bf16]",
                assertThrows(org.carbonlab.util.UserException.class, () -> Format.of("fp8")).getMessage());
        assertThrows(org.carbonlab.util.UserException.class, () -> Backend.of("tensorflow"));
    }
}
