package org.carbonlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs carbonlab commands in-process and keeps what they print. */
final class CliRun {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code args} and returns the exit code. */
    int run(String... args) {
        String[] a = Main.arguments(args); // as main reads them
        picocli.CommandLine cl = Main.commandLine(a); // as main builds it: only the command named
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(a);
    }
}
