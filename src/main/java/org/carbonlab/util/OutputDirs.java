package org.carbonlab.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Output folders that are never shared: a default folder gets a name no other run has, even when two runs start
 * in the same millisecond (the directory is created atomically, a taken name gets {@code -2}, {@code -3}, ...);
 * a folder the user named must not hold anything yet.
 */
public final class OutputDirs {

    private OutputDirs() {
    }

    /** Creates {@code parent/name}, or {@code parent/name-2}, ... whichever is free first; returns it. */
    public static Path createUnique(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        for (int i = 1; ; i++) {
            Path dir = parent.resolve(i == 1 ? name : name + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                // another run has it: try the next name
            }
        }
    }

    /** Creates {@code dir}, which the user named: refused when it exists and holds anything. */
    public static Path createFresh(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new UserException(dir + " already holds files; results are never overwritten: choose"
                            + " another --out (or leave it out for a new folder)");
                }
            }
            return dir;
        }
        if (Files.exists(dir)) {
            throw new UserException(dir + " exists and is not a directory: choose another --out");
        }
        return Files.createDirectories(dir);
    }
}
