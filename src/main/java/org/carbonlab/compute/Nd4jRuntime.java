package org.carbonlab.compute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carbonlab.hardware.CpuCatalog;

/**
 * Where ND4J comes from and which of its native builds runs here.
 *
 * <p>The project ships ND4J's oneDNN builds for AVX2 and for AVX-512 ({@code linux-x86_64-onednn-avx2},
 * {@code -onednn-avx512}). JavaCPP loads the first build it finds whatever the CPU, and the AVX-512 one dies with
 * SIGILL on a CPU without AVX-512, so {@link #configure()} names the build through JavaCPP's
 * {@value #EXTENSION_PROPERTY} before any ND4J class loads: {@code -onednn-avx512} where {@code /proc/cpuinfo} lists
 * avx512f, avx512bw, avx512vl and avx512dq, {@code -onednn-avx2} where it lists avx2 and fma. A value already set on
 * the command line wins (another build, e.g. {@code -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2}).
 *
 * <p>{@code target/carbonlab.jar} holds no ND4J: {@code mvn package} copies ND4J's jars to {@code target/nd4j}, and
 * {@link #classPath(String)} adds them to a child JVM's class path only when that JVM needs ND4J.
 */
public final class Nd4jRuntime {

    /** The ND4J version the project builds with. */
    public static final String VERSION = "1.0.0-M2.1";
    /** JavaCPP's system property naming the platform extension (the native build) to load. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** A class of ND4J's API, to tell whether ND4J is on the class path. */
    static final String PROBE_CLASS = "org.nd4j.linalg.factory.Nd4j";
    private static final Set<String> AVX512 = Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq");
    private static final Set<String> AVX2 = Set.of("avx2", "fma");

    private Nd4jRuntime() {
    }

    /** ND4J cannot run here; the message says what to do. */
    public static final class Unavailable extends org.carbonlab.util.UserException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * Names the native build for this CPU (unless one is named already) and returns it; call before the first use
     * of ND4J in this JVM.
     *
     * @throws Unavailable where ND4J is not on the class path or the CPU has neither AVX2 nor AVX-512
     */
    public static String configure() {
        requireOnClassPath();
        String set = System.getProperty(EXTENSION_PROPERTY);
        if (set != null && !set.isBlank()) {
            return set;
        }
        String ext = extensionFor(CpuCatalog.flags(Path.of("/proc/cpuinfo")))
                .orElseThrow(() -> new Unavailable("this CPU has neither AVX2+FMA nor AVX-512, and the"
                        + " project ships only ND4J's onednn-avx2 and onednn-avx512 builds; add the generic one"
                        + " (org.nd4j:nd4j-native, classifier linux-x86_64) and run with -D" + EXTENSION_PROPERTY
                        + "= (empty)"));
        System.setProperty(EXTENSION_PROPERTY, ext);
        return ext;
    }

    /** The build for a CPU with {@code flags}: AVX-512 first, then AVX2; empty where neither is there. */
    public static Optional<String> extensionFor(Set<String> flags) {
        if (flags.containsAll(AVX512)) {
            return Optional.of("-onednn-avx512");
        }
        if (flags.containsAll(AVX2)) {
            return Optional.of("-onednn-avx2");
        }
        return Optional.empty();
    }

    /** Whether ND4J's classes can be loaded here. */
    public static boolean onClassPath() {
        try {
            Class.forName(PROBE_CLASS, false, Nd4jRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void requireOnClassPath() {
        if (!onClassPath()) {
            throw new Unavailable("ND4J is not on the class path: run through the child JVM of an nd4j"
                    + " trial (which adds target/nd4j), or build with mvn package so target/nd4j exists");
        }
    }

    /**
     * The class path for a child JVM that needs ND4J: {@code base} unchanged where ND4J is on it already (tests, the
     * benchmark jar), else {@code base} plus the {@code nd4j} folder beside the jar {@code base} names.
     *
     * @throws Unavailable where that folder is missing
     */
    public static String classPath(String base) {
        if (onClassPath()) {
            return base;
        }
        List<String> parts = List.of(base.split(java.io.File.pathSeparator));
        Path jar = Path.of(parts.get(0)).toAbsolutePath();
        Path dir = jar.resolveSibling("nd4j");
        if (!Files.isDirectory(dir)) {
            throw new Unavailable("ND4J's jars are not in " + dir + ": build with mvn package (it copies"
                    + " them there), or ./carbonlab, which builds what is missing");
        }
        return base + java.io.File.pathSeparator + dir.resolve("*");
    }
}
