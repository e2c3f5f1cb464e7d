package org.carbonlab.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions fixed at build time (Maven filters {@code build.properties}): carbonlab, DJL, PyTorch. */
final class BuildInfo {

    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    static String get(String key) {
        return PROPS.getProperty(key, "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/carbonlab/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // every key then reads "unknown"
        }
        return p;
    }
}
