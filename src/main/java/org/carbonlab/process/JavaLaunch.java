package org.carbonlab.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one Java launch line of the lab's own child JVMs (a study's trials, a cluster's job scripts): this JVM's
 * {@code java}, its class path, and the options every such JVM gets, DJL offline first among them (nothing is
 * downloaded at run time).
 */
public final class JavaLaunch {

    /** The property that keeps DJL from downloading anything. */
    public static final String OFFLINE = "-Dai.djl.offline=true";

    private JavaLaunch() {
    }

    /** This JVM's {@code java} binary. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** This JVM's class path, each entry absolute where {@code absolute} (a job script runs elsewhere). */
    public static String classPath(boolean absolute) {
        String cp = System.getProperty("java.class.path");
        return !absolute ? cp : Arrays.stream(cp.split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** {@code options} with DJL offline added where they lack it. */
    public static List<String> offline(List<String> options) {
        List<String> o = new ArrayList<>(options);
        if (!o.contains(OFFLINE)) {
            o.add(OFFLINE);
        }
        return o;
    }
}
