package org.carbonlab.carbon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.carbonlab.util.Csv;
import org.carbonlab.util.UserException;

/**
 * Hourly carbon intensity per zone, each value holding for one hour from its timestamp (UTC). Read from the
 * Electricity Maps export layout ({@code Datetime (UTC), ..., Zone Id, Carbon Intensity gCO₂eq/kWh (LCA), ...}) or
 * any CSV with a datetime, a zone and a carbon-intensity column; built from API responses too.
 */
public final class IntensitySeries {

    /** One hour's value. */
    public record Point(Instant start, double gramsPerKwh) {
    }

    private final Map<String, TreeMap<Instant, Double>> zones;
    private final String source;
    private final CarbonIntensity.Type type;

    /** Creates a series from points per zone. */
    public IntensitySeries(Map<String, List<Point>> points, String source, CarbonIntensity.Type type) {
        this.zones = new LinkedHashMap<>();
        points.forEach((zone, list) -> {
            TreeMap<Instant, Double> m = new TreeMap<>();
            list.forEach(p -> m.put(p.start(), p.gramsPerKwh()));
            zones.put(zone, m);
        });
        this.source = source;
        this.type = type;
    }

    /** Returns the zones in the series. */
    public List<String> zones() {
        return List.copyOf(zones.keySet());
    }

    /** Returns where the values come from. */
    public String source() {
        return source;
    }

    /** Returns a zone's hourly points in time order. */
    public List<Point> points(String zone) {
        TreeMap<Instant, Double> m = zone(zone);
        List<Point> out = new ArrayList<>(m.size());
        m.forEach((t, v) -> out.add(new Point(t, v)));
        return out;
    }

    private TreeMap<Instant, Double> zone(String zone) {
        TreeMap<Instant, Double> m = zones.get(zone);
        if (m == null) {
            throw new UserException("zone '" + zone + "' is not in the series " + source + "; it holds "
                    + zones.keySet());
        }
        return m;
    }

    /** Returns the intensity in force at {@code t} (the value of the hour containing it), or NaN outside. */
    public double at(String zone, Instant t) {
        var e = zone(zone).floorEntry(t);
        if (e == null || !t.isBefore(e.getKey().plus(Duration.ofHours(1)))) {
            return Double.NaN;
        }
        return e.getValue();
    }

    /**
     * Returns the energy-weighted intensity of a consumption profile: sum over hours of energy in the hour x that
     * hour's intensity, divided by the energy. Each interval's energy is spread evenly over its time. Intervals of
     * unknown energy (NaN) cannot be weighted: they are left out and the result's source says how many and why.
     *
     * @throws org.carbonlab.util.UserException when the profile reaches outside the series
     */
    public CarbonIntensity weighted(String zone, List<EnergyInterval> profile) {
        double joules = 0;
        double gramJoulesPerKwh = 0;
        List<EnergyInterval> unknown = new java.util.ArrayList<>();
        for (EnergyInterval iv : profile) {
            if (Double.isNaN(iv.joules())) {
                unknown.add(iv); // no energy to weight by: said below, never taken as 0
                continue;
            }
            Instant t = iv.start();
            while (t.isBefore(iv.end())) {
                Instant hour = t.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                Instant next = hour.plus(Duration.ofHours(1));
                Instant stop = next.isBefore(iv.end()) ? next : iv.end();
                double share = iv.joules() * Duration.between(t, stop).toNanos() / (double) iv.duration().toNanos();
                double ci = at(zone, t);
                if (Double.isNaN(ci)) {
                    throw new UserException("the series " + source + " has no value for " + zone + " at "
                            + hour + "; it must cover the whole run");
                }
                joules += share;
                gramJoulesPerKwh += share * ci;
                t = stop;
            }
        }
        if (joules <= 0) {
            throw new UserException("the profile holds no energy to weight");
        }
        Instant first = profile.get(0).start();
        return new CarbonIntensity(gramJoulesPerKwh / joules, zone, first.atZone(ZoneOffset.UTC).getYear(), type,
                "energy-weighted over " + (profile.size() - unknown.size()) + " intervals from " + source
                        + (unknown.isEmpty() ? "" : "; " + unknown.size() + " intervals of unknown energy not"
                        + " weighted (" + unknown.get(0).note() + ")"));
    }

    /** Reads a CSV in the Electricity Maps export layout (or any with datetime, zone and intensity columns). */
    public static IntensitySeries readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read intensity series " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new UserException(file + ": empty intensity series");
        }
        List<String> header = Csv.split(lines.get(0).replace("\uFEFF", ""));
        int time = column(header, file, "datetime", "datetime (utc)", "timestamp");
        int zone = column(header, file, "zone id", "zone", "zone_id");
        int ci = intensityColumn(header, file);
        Map<String, List<Point>> points = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = Csv.split(lines.get(i));
            try {
                double g = Double.parseDouble(f.get(ci));
                points.computeIfAbsent(f.get(zone).trim(), k -> new ArrayList<>())
                        .add(new Point(parseTime(f.get(time).trim()), g));
            } catch (RuntimeException e) {
                throw new UserException(file + ":" + (i + 1) + ": cannot read '" + lines.get(i) + "' ("
                        + e.getMessage() + "); expected an ISO datetime, a zone and gCO2eq/kWh", e);
            }
        }
        return new IntensitySeries(points, file.getFileName() + " (" + header.get(ci) + ")",
                CarbonIntensity.Type.AVERAGE);
    }

    private static int column(List<String> header, Path file, String... names) {
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).trim().toLowerCase(Locale.ROOT);
            for (String n : names) {
                if (h.equals(n)) {
                    return i;
                }
            }
        }
        throw new UserException(file + ":1: no column named " + String.join(" or ", names)
                + " in " + header + "; expected the Electricity Maps layout (Datetime (UTC), Zone Id,"
                + " Carbon Intensity gCO₂eq/kWh (LCA))");
    }

    /** Prefers the life-cycle column (what the table holds too), else the first carbon-intensity column. */
    private static int intensityColumn(List<String> header, Path file) {
        int any = -1;
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).toLowerCase(Locale.ROOT);
            if (h.startsWith("carbon intensity") || h.equals("carbon_intensity") || h.equals("carbonintensity")) {
                if (h.contains("lca")) {
                    return i;
                }
                any = any < 0 ? i : any;
            }
        }
        if (any < 0) {
            throw new UserException(file + ":1: no carbon intensity column in " + header);
        }
        return any;
    }

    private static Instant parseTime(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
    }
}
