package org.carbonlab.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Facts fixed at build time: versions of carbonlab, DJL and PyTorch (Maven filters {@code build.properties}) and
 * the git commit the classes were built from, with whether the tree was dirty ({@code git.properties}).
 */
public final class BuildInfo {

    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    /** The value of {@code key}, or {@code unknown}. */
    public static String get(String key) {
        return PROPS.getProperty(key, "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        for (String name : new String[] {"/org/carbonlab/build.properties", "/org/carbonlab/git.properties"}) {
            try (InputStream in = BuildInfo.class.getResourceAsStream(name)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // its keys then read "unknown"
            }
        }
        return p;
    }
}
