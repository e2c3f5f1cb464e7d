package org.carbonlab.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.carbonlab.compute.Precision;
import org.carbonlab.util.UserException;

/**
 * A machine's measured roofline: for each engine and number format, the best throughput any kernel reached
 * ({@code KernelBench} under JMH), the denominator of model FLOP utilisation (MFU) for work in that format on that
 * machine. Written by {@code carbonlab report --roofline} as {@code roofline.json}; a run given one with
 * {@code --roofline} copies it into its manifest.
 *
 * @param machine  the CPU and cores it was measured on
 * @param measured how: the benchmark, its settings and the energy provenance
 * @param peaks    by {@link #key key}
 */
public record Roofline(String machine, String measured, Map<String, Peak> peaks) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The best kernel of one engine and format.
     *
     * @param gflops         its throughput, GFLOP/s
     * @param op             which op reached it
     * @param joulesPerGflop its energy per GFLOP (NaN: unknown)
     */
    public record Peak(double gflops, String op, double joulesPerGflop) {
    }

    /** Copies the peaks, sorted by key. */
    public Roofline {
        peaks = new TreeMap<>(peaks);
    }

    /** The key of an engine and format, e.g. {@code djl/fp32}. */
    public static String key(Backend engine, Format format) {
        return engine.id() + "/" + format.id();
    }

    /**
     * The key a training run's work falls under: the kernels its engine computes with in the format its precision
     * computes in (amp-fp16 in FP16).
     */
    public static String key(Backend backend, Precision precision) {
        return key(backend, format(precision));
    }

    /** The number format a training precision computes in. */
    public static Format format(Precision precision) {
        return switch (precision) {
            case FP32 -> Format.FP32;
            case FP16, AMP_FP16 -> Format.FP16;
            case BF16, AMP_BF16 -> Format.BF16;
        };
    }

    /** The peak under {@code key}, if measured. */
    public Optional<Peak> peak(String key) {
        return Optional.ofNullable(peaks.get(key));
    }

    /** Reads a {@code roofline.json}. */
    public static Roofline read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Roofline.class);
        } catch (IOException e) {
            throw new UserException(file + " is not a roofline written by carbonlab report --roofline: "
                    + e.getMessage(), e);
        }
    }

    /** Achieved GFLOP/s of {@code flops} floating-point operations done in {@code seconds}. */
    public static double gflops(double flops, double seconds) {
        return flops / seconds / 1e9;
    }

    /**
     * Model FLOP utilisation: {@code achievedGflops} as a fraction of this roofline's peak for the framework and
     * precision that achieved it (NaN where that peak was not measured).
     */
    public double mfu(Backend backend, Precision precision, double achievedGflops) {
        return peak(key(backend, precision)).map(p -> achievedGflops / p.gflops()).orElse(Double.NaN);
    }

    /** Writes it as JSON. */
    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
