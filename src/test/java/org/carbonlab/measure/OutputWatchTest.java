package org.carbonlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.carbonlab.measure.OutputWatch.Stream;
import org.carbonlab.util.UserException;
import org.junit.jupiter.api.Test;

/** Captures and marks found in a command's own output lines. */
class OutputWatchTest {

    private static final Capture ACCURACY = new Capture("test-accuracy",
            Pattern.compile("Accuracy: \\d+/\\d+ \\(([\\d.]+)%\\)"), 0.01, true, "");

    @Test
    void lastAndFirstMatchesScaledWithTheirLine() {
        Capture loss = new Capture("first-loss", Pattern.compile("Loss: ([\\d.]+)"), 1, false, "");
        OutputWatch w = new OutputWatch(List.of(ACCURACY, loss), Map.of(), l -> { });
        w.line(Stream.STDOUT, "Train Epoch: 1 [0/4000 (0%)]\tLoss: 2.302585");
        w.line(Stream.STDOUT, "Test set: Average loss: 0.6123, Accuracy: 1500/2000 (75.00%)");
        w.line(Stream.STDOUT, "Train Epoch: 2 [0/4000 (0%)]\tLoss: 0.550583");
        w.line(Stream.STDOUT, "Test set: Average loss: 0.5036, Accuracy: 1615/2000 (80.75%)");
        Map<String, OutputWatch.Found> f = w.found();
        assertEquals(List.of("test-accuracy", "first-loss"), List.copyOf(f.keySet()), "in the captures' order");
        assertEquals(0.8075, f.get("test-accuracy").value(), "the last match, scaled to a fraction in decimal");
        assertEquals("stdout line 4", f.get("test-accuracy").where());
        assertNull(f.get("test-accuracy").problem());
        assertEquals(2.302585, f.get("first-loss").value(), 1e-12, "the first match");
        assertEquals("stdout line 1", f.get("first-loss").where());
    }

    @Test
    void standardErrorCountsWithItsOwnLineNumbers() {
        Capture seconds = new Capture("epoch-seconds", Pattern.compile("epoch took ([\\d.]+) s"), 1, true, "s");
        OutputWatch w = new OutputWatch(List.of(seconds), Map.of(), l -> { });
        w.line(Stream.STDOUT, "hello");
        w.line(Stream.STDERR, "warning: something");
        w.line(Stream.STDERR, "epoch took 12.5 s");
        OutputWatch.Found f = w.found().get("epoch-seconds");
        assertEquals(12.5, f.value(), 1e-12);
        assertEquals("s", f.unit());
        assertEquals("stderr line 2", f.where());
        assertEquals("epoch took 12.5 s", f.text());
    }

    @Test
    void aPatternThatNeverMatchesOrMatchesNoNumberSaysSo() {
        Capture word = new Capture("mode", Pattern.compile("mode: (\\w+)"), 1, true, "");
        OutputWatch w = new OutputWatch(List.of(ACCURACY, word), Map.of(), l -> { });
        w.line(Stream.STDOUT, "mode: fast");
        Map<String, OutputWatch.Found> f = w.found();
        assertNull(f.get("test-accuracy").value());
        assertEquals("no line of stdout or stderr matched '" + ACCURACY.pattern() + "'",
                f.get("test-accuracy").problem());
        assertNull(f.get("mode").value());
        assertEquals("'fast' (stdout line 1) is not a number", f.get("mode").problem());
    }

    @Test
    void eachMarkFiresOnceAtItsFirstLineAndNeverAfterTheCommandMarkedItItself() {
        List<String> marks = new ArrayList<>();
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        patterns.put("train-1", Pattern.compile("^Train Epoch: 1 "));
        patterns.put("after-training", Pattern.compile("^Test set"));
        OutputWatch w = new OutputWatch(List.of(), patterns, marks::add);
        w.line(Stream.STDOUT, "Loaded 4000 images");
        w.line(Stream.STDOUT, "Train Epoch: 1 [0/4000 (0%)]");
        w.line(Stream.STDOUT, "Train Epoch: 1 [1280/4000 (32%)]");
        w.protocolMark("after-training"); // the script speaks the protocol for this one
        w.line(Stream.STDERR, "Test set: Average loss: 0.5");
        assertEquals(List.of("train-1", "after-training"), marks, "no second train-1, no pattern after-training");
    }

    @Test
    void aPumpPassesEveryLineOnBeforeTheWatchReadsIt() throws Exception {
        List<String> sink = new ArrayList<>();
        OutputWatch w = new OutputWatch(List.of(ACCURACY), Map.of(), l -> { });
        Thread t = w.pump(new ByteArrayInputStream("one\nAccuracy: 3/4 (75%)\n".getBytes(StandardCharsets.UTF_8)),
                Stream.STDERR, sink::add);
        t.join(5000);
        assertEquals(List.of("one", "Accuracy: 3/4 (75%)"), sink);
        assertEquals(0.75, w.found().get("test-accuracy").value(), 1e-12);
    }

    @Test
    void badCapturesAreRefusedWithWhatToWrite() {
        UserException noGroup = assertThrows(UserException.class, () -> Capture.of("acc", "Accuracy: [\\d.]+"));
        assertTrue(noGroup.getMessage().contains("has no group; put the number in parentheses"),
                noGroup.getMessage());
        UserException bad = assertThrows(UserException.class, () -> Capture.of("acc", "Accuracy: ([\\d.]+"));
        assertTrue(bad.getMessage().startsWith("capture acc: 'Accuracy: ([\\d.]+' is not a regular expression"),
                bad.getMessage());
        assertThrows(UserException.class, () -> Capture.of("Test Accuracy", "(\\d+)"));
        UserException noEq = assertThrows(UserException.class, () -> Capture.parse("Accuracy: (\\d+)"));
        assertTrue(noEq.getMessage().startsWith("--capture takes NAME=REGEX"), noEq.getMessage());
        assertEquals("a=b", Capture.parse("x=a=b(\\d)").pattern().pattern().substring(0, 3), "only the first '='"
                + " splits");
        assertThrows(UserException.class, () -> OutputWatch.requireLabel("two words"));
        assertThrows(UserException.class, () -> OutputWatch.names(List.of(ACCURACY, ACCURACY)));
    }
}
