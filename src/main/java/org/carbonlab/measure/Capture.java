package org.carbonlab.measure;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.carbonlab.util.UserException;

/**
 * A number a command prints in its own words, made a metric of the run: a regular expression over the command's
 * output lines (standard output and standard error) whose first group is the number, e.g. the test accuracy of
 * {@code Test set: Average loss: 0.3412, Accuracy: 8791/10000 (88%)} with {@code Accuracy: \d+/\d+ \(([\d.]+)%\)}.
 *
 * @param name    the metric's name: lower-case letters, digits, '-' and '_' ({@code test-accuracy} fills a trial's
 *                test accuracy)
 * @param pattern the expression; it matches anywhere in a line ({@link java.util.regex.Matcher#find}) and its first
 *                group is the number
 * @param scale   what the number is multiplied by (0.01 makes a percentage a fraction)
 * @param last    whether the last matching line counts (a final figure printed after every epoch), else the first
 * @param unit    the unit after scaling ("" for a fraction or a count)
 */
public record Capture(String name, Pattern pattern, double scale, boolean last, String unit) {

    /** A name the summaries can carry as a column. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** Checks the name, the group and the scale. */
    public Capture {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UserException("capture name '" + name + "' must be lower-case letters, digits, '-' and '_',"
                    + " e.g. test-accuracy");
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw new UserException("capture " + name + ": the pattern '" + pattern + "' has no group; put the"
                    + " number in parentheses, e.g. 'Accuracy: ([\\d.]+)'");
        }
        if (!Double.isFinite(scale) || scale == 0) {
            throw new UserException("capture " + name + ": scale must be a finite number other than 0, got " + scale);
        }
        unit = unit == null ? "" : unit;
    }

    /** A capture of the last match, unscaled, with no unit. */
    public static Capture of(String name, String regex) {
        return new Capture(name, compile(name, regex), 1, true, "");
    }

    /**
     * Reads {@code NAME=REGEX} (the command line's {@code --capture}): the last match, unscaled, with no unit.
     */
    public static Capture parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new UserException("--capture takes NAME=REGEX, e.g. 'test-accuracy=Accuracy: ([\\d.]+)', got '"
                    + spec + "'");
        }
        return of(spec.substring(0, eq), spec.substring(eq + 1));
    }

    /** Compiles {@code regex}, refusing a bad one with the capture's name and the expression's own message. */
    public static Pattern compile(String name, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UserException("capture " + name + ": '" + regex + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
