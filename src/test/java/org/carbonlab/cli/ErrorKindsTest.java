package org.carbonlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import org.carbonlab.util.UserException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * An input to fix and a bug read differently: a {@link UserException} (every input error, a spec's position
 * included) is one line and exit code 2; anything else (an invariant's IllegalArgumentException, say a band whose
 * ends do not bracket 1) is a bug: one line that says so, exit code 1, and how to see the stack trace.
 */
class ErrorKindsTest {

    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        private final RuntimeException e;

        Fails(RuntimeException e) {
            this.e = e;
        }

        @Override
        public Integer call() {
            throw e;
        }
    }

    private static String[] run(RuntimeException e) {
        CommandLine top = Main.commandLine();
        top.addSubcommand("fails", new Fails(e));
        CommandLine sub = top.getSubcommands().get("fails");
        sub.setExecutionExceptionHandler(top.getExecutionExceptionHandler());
        StringWriter err = new StringWriter();
        sub.setErr(new PrintWriter(err, true));
        int code = top.execute("fails");
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void aUserErrorIsOneLineAndExitCode2() {
        String[] r = run(new UserException("batch-size must be a whole number, got 'x'"));
        assertEquals("2", r[0]);
        assertEquals("carbonlab: batch-size must be a whole number, got 'x'", r[1].strip());
    }

    @Test
    void aBugIsNotTheUsersMistakeItSaysSoAndHowToSeeTheTrace() {
        String[] r = run(new IllegalArgumentException("a band's ends must bracket 1, got [1.2, 1.5]"));
        assertEquals("1", r[0]);
        assertTrue(r[1].startsWith("carbonlab: internal error (java.lang.IllegalArgumentException: a band's ends must"
                + " bracket 1"), r[1]);
        assertTrue(r[1].contains("rerun with CARBONLAB_DEBUG=1 for the stack trace"), r[1]);
        assertEquals(1, r[1].strip().lines().count(), "one line");
    }
}
