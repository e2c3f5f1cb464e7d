package org.carbonlab.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void theBundledSubsetIsClassBalancedAndSplitAsDesigned() {
        FashionMnist.Data d = FashionMnist.bundled();
        assertEquals(10_000 - 833, d.train().size());
        assertEquals(833, d.validation().size());      // the last twelfth, as 5,000 of 60,000
        assertEquals(2_000, d.test().size());
        int[] perClass = new int[10];
        for (byte b : d.test().labels()) {
            perClass[b]++;
        }
        assertArrayEquals(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, perClass);
        float[] x = new float[FashionMnist.PIXELS];
        d.train().normalised(0, x, 0);
        assertEquals(-FashionMnist.MEAN / FashionMnist.STD, min(x), 1e-6); // a black pixel
    }

    private static float min(float[] x) {
        float m = Float.MAX_VALUE;
        for (float v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Test
    void aSubsetIsDrawnReproduciblyAndBalanced() {
        FashionMnist.Split all = FashionMnist.bundled().test();
        FashionMnist.Split a = FashionMnist.balancedSubset(all, 100, 42);
        FashionMnist.Split b = FashionMnist.balancedSubset(all, 100, 42);
        assertArrayEquals(a.images(), b.images());
        int[] perClass = new int[10];
        for (byte l : a.labels()) {
            perClass[l]++;
        }
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, perClass);
    }

    private Path gz(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(content);
        }
        return f;
    }

    private void writeGoodSet() throws IOException {
        FashionMnist.Split s = FashionMnist.bundled().test().slice(0, 20);
        FashionMnist.write(s, dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
        FashionMnist.write(s, dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    @Test
    void aCorruptedIdxFileIsRejectedWithItsPathAndReason() throws IOException {
        writeGoodSet();
        assertEquals(20, FashionMnist.loadUnsplit(dir).test().size());

        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        gz("t10k-images-idx3-ubyte.gz", ByteBuffer.allocate(16).putInt(2049).putInt(20).putInt(28).putInt(28).array());
        WorkloadException e = assertThrows(WorkloadException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(images + ": magic number 2049, expected 2051"), e.getMessage());

        byte[] truncated = ByteBuffer.allocate(16 + 100).putInt(2051).putInt(20).putInt(28).putInt(28).array();
        gz("t10k-images-idx3-ubyte.gz", truncated);
        e = assertThrows(WorkloadException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(images + ": truncated"), e.getMessage());

        Files.writeString(images, "not gzip at all");
        e = assertThrows(WorkloadException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(images + ": not a gzip file or corrupted"), e.getMessage());

        gz("t10k-images-idx3-ubyte.gz", ByteBuffer.allocate(16).putInt(2051).putInt(0).putInt(32).putInt(32).array());
        e = assertThrows(WorkloadException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("images are 32x32, expected 28x28"), e.getMessage());

        Files.delete(images);
        e = assertThrows(WorkloadException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(images + ": not found") && e.getMessage().contains("dataset-fashion-mnist"),
                e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeGoodSet();
        FashionMnist.Split fewer = FashionMnist.bundled().test().slice(0, 19);
        FashionMnist.write(fewer, dir.resolve("ignored-images.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        WorkloadException e = assertThrows(WorkloadException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("20 images but 19 labels"), e.getMessage());
    }
}
