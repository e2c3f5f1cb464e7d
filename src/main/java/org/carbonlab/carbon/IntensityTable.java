package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.util.Csv;
import org.carbonlab.util.UserException;

/**
 * The embedded, versioned carbon-intensity table (resource {@code carbon-intensity.csv}, built by
 * {@code scripts/make-intensity-table.py}): countries by ISO 3166 alpha-2 or alpha-3, US states
 * ({@code US-VA}), Canadian provinces ({@code CA-QC}), Nordic bidding zones ({@code SE3}), and cloud regions
 * ({@code aws:us-east-1}, {@code gcp:europe-west4}, {@code azure:westeurope}) mapped to their grid.
 */
public final class IntensityTable {

    /**
     * One row.
     *
     * @param code     the lookup code
     * @param alias    another code (alpha-3 for countries) or empty
     * @param kind     world, country, subnational or cloud
     * @param name     a readable name
     * @param intensity the intensity with its provenance
     * @param grid     for a cloud region, the grid code it is mapped to; else empty
     * @param licence  the licence of the figure
     */
    public record Row(String code, String alias, String kind, String name, CarbonIntensity intensity, String grid,
                      String licence) {
    }

    private final String version;
    private final Map<String, Row> byCode = new LinkedHashMap<>();
    private final Row world;
    private final Map<String, Map<Integer, CarbonIntensity>> history = new LinkedHashMap<>();

    private IntensityTable(String version, List<Row> rows) {
        this.version = version;
        Row w = null;
        for (Row r : rows) {
            byCode.put(key(r.code()), r);
            if (!r.alias().isEmpty()) {
                byCode.putIfAbsent(key(r.alias()), r);
            }
            if (r.kind().equals("world")) {
                w = r;
            }
        }
        if (w == null) {
            throw new IllegalStateException("carbon-intensity.csv has no WORLD row");
        }
        this.world = w;
    }

    /** The table shipped with carbonlab, read once per JVM (it never changes while it runs). */
    public static IntensityTable load() {
        return Shipped.TABLE;
    }

    /** Holds the shipped table, read on first use. */
    private static final class Shipped {
        static final IntensityTable TABLE = read();
    }

    private static IntensityTable read() {
        String version = Csv.resourceFirstLine(IntensityTable.class, "carbon-intensity.csv").substring(2).trim();
        List<Row> rows = new ArrayList<>();
        for (String line : Csv.resourceRows(IntensityTable.class, "carbon-intensity.csv")) {
            List<String> f = Csv.split(line);
            CarbonIntensity ci = new CarbonIntensity(Double.parseDouble(f.get(4)), f.get(0),
                    f.get(5).isEmpty() ? 0 : Integer.parseInt(f.get(5)),
                    CarbonIntensity.Type.valueOf(f.get(6).toUpperCase(Locale.ROOT)), f.get(9));
            rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3), ci, f.get(8), f.get(10)));
        }
        IntensityTable t = new IntensityTable(version, rows);
        for (String line : Csv.resourceRows(IntensityTable.class, "carbon-intensity-history.csv")) {
            List<String> f = Csv.split(line);
            int year = Integer.parseInt(f.get(1));
            t.history.computeIfAbsent(key(f.get(0)), k -> new java.util.TreeMap<>()).put(year,
                    new CarbonIntensity(Double.parseDouble(f.get(2)), f.get(0), year, CarbonIntensity.Type.AVERAGE,
                            f.get(3)));
        }
        return t;
    }

    /**
     * Returns the intensity of a place in a given year: the row itself when the year matches, else the past
     * yearly averages (European countries 2000-2020); a cloud region uses its grid's.
     *
     * @throws org.carbonlab.util.UserException naming the years available when there is no figure for that year
     */
    public CarbonIntensity inYear(String code, int year) {
        Row row = find(code).orElseThrow(() -> new UserException("region '" + code
                + "' is not in the carbon-intensity table (" + version + ")"));
        if (row.intensity().year() == year) {
            return row.intensity();
        }
        String place = row.grid().isEmpty() ? row.code() : row.grid();
        Map<Integer, CarbonIntensity> past = history.getOrDefault(key(place), Map.of());
        CarbonIntensity ci = past.get(year);
        if (ci == null) {
            java.util.Set<Integer> years = new java.util.TreeSet<>(past.keySet());
            if (row.intensity().year() > 0) {
                years.add(row.intensity().year());
            }
            throw new UserException("no " + year + " figure for '" + code + "' in the table (" + version
                    + "); years available: " + years);
        }
        return ci;
    }

    /** Returns the table's version, recorded in every result. */
    public String version() {
        return version;
    }

    /** Returns every row. */
    public List<Row> rows() {
        return List.copyOf(new java.util.LinkedHashSet<>(byCode.values()));
    }

    /** Returns the world default row. */
    public Row world() {
        return world;
    }

    /** Finds a place by code, alpha-3 or cloud region, ignoring case. */
    public Optional<Row> find(String code) {
        return Optional.ofNullable(byCode.get(key(code)));
    }

    /**
     * The place {@code code} names, or a {@link org.carbonlab.util.UserException} naming the closest known codes:
     * an unknown region is never priced silently at the world average (a typo of SE3 would change CO2e 26x);
     * {@code WORLD} asks for the world average explicitly.
     */
    public Row resolve(String code) {
        return find(code).orElseThrow(() -> new org.carbonlab.util.UserException("unknown region '" + code
                + "' (carbon-intensity table " + version + "); closest: " + closest(code, 3) + "; or WORLD for the"
                + " world average (" + (int) world.intensity().gramsPerKwh() + " gCO2e/kWh)"));
    }

    /**
     * The country a zone lies in: the zone itself for a country, the country of its two-letter prefix for a grid
     * ({@code SE3}, {@code US-VA}), the country of its grid for a cloud region; empty when unknown.
     */
    public Optional<Row> countryOf(String zone) {
        Optional<Row> r = find(zone);
        if (r.isEmpty() || r.get().kind().equals("world")) {
            return Optional.empty();
        }
        if (r.get().kind().equals("country")) {
            return r;
        }
        String place = r.get().kind().equals("cloud") && !r.get().grid().isEmpty() ? r.get().grid() : r.get().code();
        Optional<Row> grid = find(place);
        if (grid.isPresent() && grid.get().kind().equals("country")) {
            return grid;
        }
        return place.length() >= 2 ? find(place.substring(0, 2)).filter(c -> c.kind().equals("country"))
                : Optional.empty();
    }

    /** The {@code n} known codes nearest to {@code code} by edit distance. */
    List<String> closest(String code, int n) {
        String k = key(code);
        return byCode.values().stream().map(Row::code).distinct()
                .sorted(java.util.Comparator.comparingInt((String c) -> distance(k, key(c))).thenComparing(c -> c))
                .limit(n).toList();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1)
                        ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String key(String code) {
        return code.trim().toLowerCase(Locale.ROOT);
    }
}
