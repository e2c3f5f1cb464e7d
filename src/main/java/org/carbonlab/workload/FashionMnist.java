package org.carbonlab.workload;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST (Zalando Research, MIT licence) read from its IDX {@code .gz} files: 28x28 grey images and labels
 * 0..9. Magic numbers, dimensions, counts and truncation are checked, and a bad file is refused with its path and
 * the reason.
 */
public final class FashionMnist {

    /** Image side in pixels. */
    public static final int SIDE = 28;
    /** Pixels per image. */
    public static final int PIXELS = SIDE * SIDE;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Normalisation mean (DESIGN.md). */
    public static final float MEAN = 0.2860f;
    /** Normalisation standard deviation (DESIGN.md). */
    public static final float STD = 0.3530f;
    /** Where Debian's {@code dataset-fashion-mnist} package installs the full set. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The bundled subset, as a classpath directory. */
    public static final String BUNDLED = "/org/carbonlab/workload/fashion-mnist-subset/";

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    /**
     * Images and labels of one split.
     *
     * @param images {@code count x 784} unsigned bytes, row-major
     * @param labels {@code count} labels 0..9
     */
    public record Split(byte[] images, byte[] labels) {

        /** Returns the number of examples. */
        public int size() {
            return labels.length;
        }

        /** Returns examples {@code [from, to)}. */
        public Split slice(int from, int to) {
            return new Split(Arrays.copyOfRange(images, from * PIXELS, to * PIXELS), Arrays.copyOfRange(labels, from, to));
        }

        /** Returns the examples at {@code indices}, in that order. */
        public Split select(int[] indices) {
            byte[] im = new byte[indices.length * PIXELS];
            byte[] lb = new byte[indices.length];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(images, indices[i] * PIXELS, im, i * PIXELS, PIXELS);
                lb[i] = labels[indices[i]];
            }
            return new Split(im, lb);
        }

        /** Returns image {@code i} normalised ((x / 255 - mean) / std) into {@code out} at {@code offset}. */
        public void normalised(int i, float[] out, int offset) {
            for (int p = 0; p < PIXELS; p++) {
                out[offset + p] = ((images[i * PIXELS + p] & 0xff) / 255f - MEAN) / STD;
            }
        }
    }

    /**
     * The data set: training (without validation), validation (the last twelfth of the training images: 5,000 of
     * 60,000 as DESIGN.md says) and test.
     *
     * @param train      training examples
     * @param validation validation examples
     * @param test       test examples
     * @param origin     where the files came from
     */
    public record Data(Split train, Split validation, Split test, String origin) {
    }

    private FashionMnist() {
    }

    /** Loads the four IDX {@code .gz} files from {@code dir}. */
    public static Data load(Path dir) {
        Data all = loadUnsplit(dir);
        return split(all.train(), all.test(), dir.toString());
    }

    /** Loads the official files without taking the validation split off (train holds all training images). */
    public static Data loadUnsplit(Path dir) {
        Split train = readPair(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
        Split test = readPair(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        return new Data(train, new Split(new byte[0], new byte[0]), test, dir.toString());
    }

    /** Loads the subset bundled in carbonlab (10,000 training and 2,000 test images, class-balanced). */
    public static Data bundled() {
        Split train = readPair(BUNDLED + "train-images-idx3-ubyte.gz", BUNDLED + "train-labels-idx1-ubyte.gz");
        Split test = readPair(BUNDLED + "t10k-images-idx3-ubyte.gz", BUNDLED + "t10k-labels-idx1-ubyte.gz");
        return split(train, test, "bundled subset (classpath " + BUNDLED + ")");
    }

    /**
     * How many training examples {@link #bundled()} ({@code dir} empty) or {@link #load} of {@code dir} gives, from the
     * training images' header alone (the validation split taken off), without reading the images.
     */
    public static int trainingExamples(java.util.Optional<Path> dir) {
        String where = dir.map(d -> d.resolve("train-images-idx3-ubyte.gz").toString())
                .orElse(BUNDLED + "train-images-idx3-ubyte.gz");
        try (InputStream raw = dir.isPresent() ? Files.newInputStream(Path.of(where))
                : FashionMnist.class.getResourceAsStream(where)) {
            if (raw == null) {
                throw new WorkloadException("bundled data " + where + " missing from the carbonlab jar");
            }
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
            if (in.readInt() != IMAGES_MAGIC) {
                throw new WorkloadException(where + ": not a Fashion-MNIST images file");
            }
            int count = in.readInt();
            return count - validationSize(count);
        } catch (IOException e) {
            throw new WorkloadException(where + ": cannot read its header (" + e.getMessage() + ")", e);
        }
    }

    /** The validation split taken off the end of {@code trainImages} training images: a twelfth. */
    private static int validationSize(int trainImages) {
        return trainImages / 12;
    }

    private static Data split(Split train, Split test, String origin) {
        int validation = validationSize(train.size());
        return new Data(train.slice(0, train.size() - validation), train.slice(train.size() - validation, train.size()),
                test, origin);
    }

    private static Split readPair(Path images, Path labels) {
        return pair(readIdx(images, IMAGES_MAGIC), readIdx(labels, LABELS_MAGIC), images.toString());
    }

    private static Split readPair(String images, String labels) {
        return pair(readIdx(images, IMAGES_MAGIC), readIdx(labels, LABELS_MAGIC), images);
    }

    private static Split pair(byte[] images, byte[] labels, String where) {
        if (images.length / PIXELS != labels.length) {
            throw new WorkloadException(where + ": " + images.length / PIXELS + " images but " + labels.length
                    + " labels; the image and label files must come from the same split");
        }
        for (byte b : labels) {
            if (b < 0 || b >= CLASSES) {
                throw new WorkloadException(where + ": label " + b + " outside 0..9");
            }
        }
        return new Split(images, labels);
    }

    private static byte[] readIdx(Path file, int magic) {
        try (InputStream in = Files.newInputStream(file)) {
            return readIdx(in, file.toString(), magic);
        } catch (NoSuchFileException e) {
            throw new WorkloadException(file + ": not found; expected the four Fashion-MNIST IDX .gz files here"
                    + " (apt-get install dataset-fashion-mnist puts them in " + DEBIAN_DIR + ")", e);
        } catch (IOException e) {
            throw new WorkloadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readIdx(String resource, int magic) {
        try (InputStream in = FashionMnist.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new WorkloadException("bundled data " + resource + " missing from the carbonlab jar");
            }
            return readIdx(in, resource, magic);
        } catch (IOException e) {
            throw new WorkloadException(resource + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads one gzipped IDX file: magic, counts, dimensions, payload; refuses anything else with the reason. */
    static byte[] readIdx(InputStream raw, String where, int magic) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int m = in.readInt();
            if (m != magic) {
                throw new WorkloadException(String.format("%s: magic number %d, expected %d (%s); not a Fashion-MNIST"
                        + " %s file", where, m, magic, magic == IMAGES_MAGIC ? "images" : "labels",
                        magic == IMAGES_MAGIC ? "images" : "labels"));
            }
            int count = in.readInt();
            int per = 1;
            if (magic == IMAGES_MAGIC) {
                int rows = in.readInt();
                int cols = in.readInt();
                if (rows != SIDE || cols != SIDE) {
                    throw new WorkloadException(where + ": images are " + rows + "x" + cols + ", expected 28x28");
                }
                per = PIXELS;
            }
            if (count < 0 || (long) count * per > Integer.MAX_VALUE - 16) {
                throw new WorkloadException(where + ": implausible count " + count);
            }
            byte[] data = new byte[count * per];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new WorkloadException(where + ": truncated: the header announces " + count + " items but the"
                        + " file ends early; download it again", e);
            }
            return data;
        } catch (ZipException e) {
            throw new WorkloadException(where + ": not a gzip file or corrupted (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new WorkloadException(where + ": truncated before the end of its header", e);
        } catch (IOException e) {
            throw new WorkloadException(where + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Draws a class-balanced subset reproducibly: per class, the first {@code n / 10} indices of a shuffle seeded
     * with {@code seed}, then the union shuffled with the same seed.
     */
    public static Split balancedSubset(Split all, int n, long seed) {
        if (n % CLASSES != 0 || n > all.size()) {
            throw new WorkloadException("subset size must be a multiple of 10 and at most " + all.size() + ", got " + n);
        }
        Random rnd = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, rnd);
        int[] taken = new int[CLASSES];
        List<Integer> chosen = new ArrayList<>();
        for (int i : order) {
            int c = all.labels()[i];
            if (taken[c] < n / CLASSES) {
                taken[c]++;
                chosen.add(i);
            }
        }
        java.util.Collections.shuffle(chosen, rnd);
        return all.select(chosen.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Writes a split as two gzipped IDX files. */
    public static void write(Split s, Path images, Path labels) throws IOException {
        writeIdx(images, IMAGES_MAGIC, s.size(), s.images(), true);
        writeIdx(labels, LABELS_MAGIC, s.size(), s.labels(), false);
    }

    private static void writeIdx(Path file, int magic, int count, byte[] payload, boolean images) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(images ? 16 : 8).putInt(magic).putInt(count);
        if (images) {
            b.putInt(SIDE).putInt(SIDE);
        }
        header.write(b.array());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(header.toByteArray());
            out.write(payload);
        }
    }
}
