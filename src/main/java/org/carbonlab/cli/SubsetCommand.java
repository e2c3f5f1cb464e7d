package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.carbonlab.workload.FashionMnist;

/** {@code carbonlab subset}: draws the bundled class-balanced Fashion-MNIST subset from the official files. */
@Command(name = "subset", mixinStandardHelpOptions = true,
        description = "Draw a class-balanced, reproducible Fashion-MNIST subset from the official IDX files.")
final class SubsetCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "DIR", description = "the official files (default ${DEFAULT-VALUE})")
    Path from = FashionMnist.DEBIAN_DIR;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the four IDX .gz files go")
    Path out;

    @Option(names = "--train", description = "training images, a multiple of 10 (default ${DEFAULT-VALUE})")
    int train = 10_000;

    @Option(names = "--test", description = "test images, a multiple of 10 (default ${DEFAULT-VALUE})")
    int test = 2_000;

    @Option(names = "--seed", description = "shuffle seed (default ${DEFAULT-VALUE})")
    long seed = 20261127L;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FashionMnist.Data all = FashionMnist.loadUnsplit(from);
        Files.createDirectories(out);
        FashionMnist.write(FashionMnist.balancedSubset(all.train(), train, seed),
                out.resolve("train-images-idx3-ubyte.gz"), out.resolve("train-labels-idx1-ubyte.gz"));
        FashionMnist.write(FashionMnist.balancedSubset(all.test(), test, seed),
                out.resolve("t10k-images-idx3-ubyte.gz"), out.resolve("t10k-labels-idx1-ubyte.gz"));
        spec.commandLine().getOut().printf("wrote %d training and %d test images (10 classes, equal counts, seed %d)"
                + " from %s to %s%n", train, test, seed, from, out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
