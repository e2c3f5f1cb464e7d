package org.carbonlab.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Fake training commands for the study tests: shell scripts that speak the trial protocol. */
final class Scripts {

    private Scripts() {
    }

    /** Writes {@code text} to {@code file} and makes it executable. */
    static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
