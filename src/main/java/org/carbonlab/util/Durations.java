package org.carbonlab.util;

import java.time.Duration;

/** Parses durations as people write them: {@code 100ms}, {@code 5s}, {@code 2m}, {@code 6h}, or ISO-8601. */
public final class Durations {

    private Durations() {
    }

    /** Parses {@code text}; a clear {@link org.carbonlab.util.UserException} when it is not a duration. */
    public static Duration parse(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new UserException("'" + text
                    + "' is not a duration; write e.g. 100ms, 5s, 2m, 6h or PT0.5S");
        }
    }

    /** Parses a UTC instant such as {@code 2026-11-28T06:00:00Z}. */
    public static java.time.Instant instant(String text) {
        try {
            return java.time.Instant.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new UserException("'" + text
                    + "' is not a UTC time; write e.g. 2026-11-28T06:00:00Z");
        }
    }

    /** {@code 1 h 02 min}, {@code 3 min 05 s}, {@code 42 s}: a duration as a person reads it. */
    public static String words(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return s + " s";
    }

    /** {@code 100 ms}, {@code 42 s}, {@code 3 min 05 s}: a {@link Duration} as a person reads it, never ISO-8601. */
    public static String words(Duration d) {
        if (d.isNegative() || d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        return words(d.toMillis() / 1000.0);
    }
}
