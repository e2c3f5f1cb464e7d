package org.carbonlab.experiment.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.carbonlab.workload.FashionMnist;
import org.carbonlab.util.UserException;

/**
 * The values of workload keys as a spec writes them, each checked with what is wrong and what is valid (an
 * {@link org.carbonlab.util.UserException} that the spec's parser places at its file:line:column).
 */
final class SettingValues {

    private SettingValues() {
    }

    /** A number strictly between {@code low} and {@code high}, or what it {@code must} be. */
    static double within(String key, String t, double low, double high, String must) {
        double x = number(key, t);
        if (!(x > low && x < high)) {
            throw new UserException(key + " " + must + ", got " + t);
        }
        return x;
    }

    static double minDelta(String t) {
        double d = number("min-delta", t);
        if (!(d >= 0 && d < 1)) {
            throw new UserException("min-delta is an accuracy difference in [0, 1), got " + t);
        }
        return d;
    }

    static double targetAccuracy(String t) {
        double a = t.equals("none") ? Double.NaN : number("target-accuracy", t);
        if (!Double.isNaN(a) && !(a > 0 && a <= 1)) {
            throw new UserException("target-accuracy is a fraction in (0, 1], e.g. 0.9; got " + t);
        }
        return a;
    }

    static String data(String t) {
        if (!t.equals("bundled") && !Files.isDirectory(dataDir(t))) {
            throw new UserException("data '" + t + "' is not a directory; valid: bundled, full"
                    + " (" + FashionMnist.DEBIAN_DIR + ", apt-get install dataset-fashion-mnist) or a"
                    + " directory of the four IDX .gz files");
        }
        return t;
    }

    static String teacher(String t) {
        if (!t.equals("none") && !Files.isDirectory(Path.of(t))) {
            throw new UserException("teacher '" + t + "' is not a directory; give the --save"
                    + " directory of a trained cnn-wide, or none");
        }
        return t;
    }

    static Path dataDir(String data) {
        return data.equals("full") ? FashionMnist.DEBIAN_DIR : Path.of(data);
    }

    static int positive(String key, String t) {
        int n = integer(key, t);
        if (n < 1) {
            throw new UserException(key + " must be at least 1, got " + t);
        }
        return n;
    }

    static int atLeastZero(String key, String t) {
        int n = integer(key, t);
        if (n < 0) {
            throw new UserException(key + " must be 0 or more, got " + t);
        }
        return n;
    }

    static int integer(String key, String t) {
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new UserException(key + " must be a whole number, got '" + t + "'");
        }
    }

    static double number(String key, String t) {
        try {
            return Double.parseDouble(t.toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new UserException(key + " must be a number, got '" + t + "'");
        }
    }

    /** Refuses {@code asked} training examples (0: all) of data that has only {@code available}, named {@code of}. */
    static void requireExamples(int asked, int available, String of) {
        if (asked > available) {
            throw new UserException("train-examples " + asked + " is more than the " + available
                    + " training examples of " + of + "; use at most " + available + " or 0 for all");
        }
    }
}
