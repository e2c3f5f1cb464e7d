package org.carbonlab.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.carbonlab.util.UserException;

/**
 * Finds the start time and zone that minimise the CO2e of a job of fixed length and constant power, from hourly
 * intensity series: the carbon-aware "best window" search of the Green Software Foundation's Carbon Aware SDK.
 *
 * <p>A window's intensity is the time-weighted mean of the hourly values it spans. As a function of the start it is
 * piecewise linear with breaks where the window's start or end crosses an hour, so the minimum lies on one of those
 * starts or on the ends of the allowed range; those are the candidates examined (exact, not sampled).
 */
public final class CarbonAwareScheduler {

    /**
     * A window.
     *
     * @param zone        the zone
     * @param start       when the job starts
     * @param intensity   the mean intensity over the window, gCO2e/kWh
     * @param co2e        the job's CO2e there and then (energy x PUE x intensity)
     */
    public record Window(String zone, Instant start, double intensity, Co2e co2e) {
    }

    /**
     * The answer.
     *
     * @param best        the lowest-CO2e window
     * @param now         the job started at once in the first zone asked for
     * @param savingRatio 1 - best / now (0.8 means 80 % less)
     */
    public record Plan(Window best, Window now, double savingRatio) {
    }

    private CarbonAwareScheduler() {
    }

    /**
     * Plans a job.
     *
     * @param series    hourly intensity per zone
     * @param zones     zones allowed, the first being where the job would otherwise run now
     * @param duration  the job's length
     * @param powerWatts the job's mean IT power
     * @param pue       the facility's PUE
     * @param notBefore earliest start (the "now" of the comparison)
     * @param deadline  the job must end by then
     * @throws org.carbonlab.util.UserException when no window fits (deadline too close, series too short), saying why
     */
    public static Plan plan(IntensitySeries series, List<String> zones, Duration duration, double powerWatts, Pue pue,
                            Instant notBefore, Instant deadline) {
        if (duration.isNegative() || duration.isZero()) {
            throw new UserException("job duration must be positive, got " + human(duration));
        }
        if (!(powerWatts > 0)) {
            throw new UserException("job power must be positive watts, got " + powerWatts);
        }
        Instant latest = deadline.minus(duration);
        if (latest.isBefore(notBefore)) {
            throw new UserException("a " + human(duration) + " job cannot start at " + notBefore
                    + " or later and end by the deadline " + deadline + ": only "
                    + human(Duration.between(notBefore, deadline)) + " between them; move the deadline or shorten"
                    + " the job");
        }
        Window nowWindow = null;
        Window best = null;
        for (String zone : zones) {
            List<IntensitySeries.Point> pts = series.points(zone);
            if (pts.isEmpty()) {
                throw new UserException("zone " + zone + " has no values in " + series.source());
            }
            Instant dataEnd = pts.get(pts.size() - 1).start().plus(Duration.ofHours(1));
            Instant last = latest.isBefore(dataEnd.minus(duration)) ? latest : dataEnd.minus(duration);
            Instant first = notBefore.isAfter(pts.get(0).start()) ? notBefore : pts.get(0).start();
            TreeSet<Instant> candidates = new TreeSet<>();
            candidates.add(first);
            candidates.add(last);
            for (IntensitySeries.Point p : pts) {
                candidates.add(p.start());
                candidates.add(p.start().minus(duration));
            }
            for (Instant s : candidates.subSet(first, true, last, true)) {
                double mean = mean(series, zone, s, duration);
                if (Double.isNaN(mean)) {
                    continue;
                }
                Window w = window(zone, s, mean, duration, powerWatts, pue);
                if (best == null || w.co2e().grams() < best.co2e().grams() - 1e-9) {
                    best = w;
                }
            }
            if (nowWindow == null) {
                double mean = mean(series, zone, notBefore, duration);
                if (Double.isNaN(mean)) {
                    throw new UserException("the series " + series.source() + " does not cover " + zone
                            + " from " + notBefore + " for " + human(duration) + ", so starting now cannot be priced");
                }
                nowWindow = window(zone, notBefore, mean, duration, powerWatts, pue);
            }
        }
        if (best == null) {
            throw new UserException("no " + human(duration) + " window between " + notBefore + " and "
                    + deadline + " is covered by the series " + series.source());
        }
        return new Plan(best, nowWindow, 1 - best.co2e().grams() / nowWindow.co2e().grams());
    }

    /** Time-weighted mean intensity over [start, start + duration), NaN if any part is not covered. */
    static double mean(IntensitySeries series, String zone, Instant start, Duration duration) {
        Instant end = start.plus(duration);
        double sum = 0;
        Instant t = start;
        while (t.isBefore(end)) {
            double ci = series.at(zone, t);
            if (Double.isNaN(ci)) {
                return Double.NaN;
            }
            Instant next = t.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
            Instant stop = next.isBefore(end) ? next : end;
            sum += ci * Duration.between(t, stop).toNanos();
            t = stop;
        }
        return sum / duration.toNanos();
    }

    private static Window window(String zone, Instant s, double mean, Duration d, double watts, Pue pue) {
        double joules = watts * d.toNanos() / 1e9;
        return new Window(zone, s, mean, new Co2e(CarbonAccountant.grams(joules, pue.value(), mean)));
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns the span every zone covers: the latest first hour and the earliest end, the default search range. */
    public static Instant[] commonSpan(IntensitySeries series, List<String> zones) {
        Instant start = Instant.MIN;
        Instant end = Instant.MAX;
        for (String z : zones) {
            List<IntensitySeries.Point> pts = series.points(z);
            if (pts.isEmpty()) {
                throw new UserException("zone " + z + " has no values in " + series.source());
            }
            Instant first = pts.get(0).start();
            Instant last = pts.get(pts.size() - 1).start().plus(Duration.ofHours(1));
            start = first.isAfter(start) ? first : start;
            end = last.isBefore(end) ? last : end;
        }
        return new Instant[] {start, end};
    }

    /** Returns the zones of {@code series} in a stable order, for when the user names none. */
    public static List<String> allZones(IntensitySeries series) {
        return new ArrayList<>(series.zones());
    }
}
