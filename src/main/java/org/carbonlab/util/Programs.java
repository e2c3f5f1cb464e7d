package org.carbonlab.util;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the program a command line names, as starting it would: a path, or a name looked up on a {@code PATH}. */
public final class Programs {

    private Programs() {
    }

    /**
     * The executable file {@code name} starts: {@code name} itself when it holds a '/', else the first executable
     * of that name in the directories of {@code pathVariable} (an empty entry is the working directory, as the
     * JDK's process launcher reads it); empty when there is none.
     */
    public static Optional<Path> find(String name, String pathVariable) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name)).filter(Programs::executable);
        }
        for (String dir : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (executable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
