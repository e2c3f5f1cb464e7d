package org.carbonlab.power;

import java.util.List;
import java.util.Map;

import org.carbonlab.stats.Interval;

/**
 * The uncertainty of an estimated channel's energy from its model: the central figure times {@code low} and times
 * {@code high} are the ends of the band (e.g. the SPECpower servers of the CPU's generation that bracket a newer one
 * at the level a forward-in-time test supports, its basis says which). The model's scale is the same for every interval of a run, so a band scales with the
 * energy and cancels in a ratio of two figures of the same machine and model; measured channels have none.
 *
 * @param low   the low end over the central figure (at most 1)
 * @param high  the high end over the central figure (at least 1)
 * @param basis what the band is, for labels: model, generation, servers and coverage
 */
public record Band(double low, double high, String basis) {

    /** Checks that the band brackets its central figure. */
    public Band {
        if (!(low > 0 && low <= 1 && high >= 1 && Double.isFinite(high))) {
            throw new IllegalArgumentException("a band's ends must bracket 1, got [" + low + ", " + high + "]");
        }
    }

    /**
     * The low and high ends of the total of {@code devices} that count in the total: a banded channel at its ends, any
     * other at its own figure (the bands of one model move together, so the ends add up). NaN where a channel in the
     * total is unknown.
     */
    public static Interval ends(List<DeviceEnergy> devices, Map<String, Band> bands) {
        return ends(devices.stream().filter(d -> d.channel().inTotal()).toList(), d -> d.energy().joules(),
                d -> bands.get(d.channel().id()));
    }

    /**
     * The sum of {@code parts}' figures with its low and high ends: a part with a band at its band's ends, any other
     * (null band) at its own figure.
     */
    public static <T> Interval ends(List<T> parts, java.util.function.ToDoubleFunction<T> figure,
                                    java.util.function.Function<T, Band> band) {
        double sum = 0;
        double lo = 0;
        double hi = 0;
        for (T p : parts) {
            double x = figure.applyAsDouble(p);
            Band b = band.apply(p);
            sum += x;
            lo += b == null ? x : x * b.low();
            hi += b == null ? x : x * b.high();
        }
        return new Interval(sum, lo, hi);
    }

    /** The bands of {@code bands} that apply to a channel counted in {@code w}'s total. */
    public static Map<String, Band> ofTotal(WindowEnergy w, Map<String, Band> bands) {
        Map<String, Band> used = new java.util.LinkedHashMap<>(bands);
        used.keySet().retainAll(w.devices().stream().filter(d -> d.channel().inTotal()).map(d -> d.channel().id())
                .toList());
        return used;
    }

    /**
     * {@code w}'s total with its low and high ends under its channels' bands ({@link #ends}); empty where no channel in
     * the total has a band, or a figure in it is unknown.
     */
    public static java.util.Optional<Interval> totalEnds(WindowEnergy w, Map<String, Band> bands) {
        Map<String, Band> used = ofTotal(w, bands);
        if (used.isEmpty()) {
            return java.util.Optional.empty();
        }
        Interval e = ends(w.devices(), used);
        return e.bounded() ? java.util.Optional.of(e) : java.util.Optional.empty();
    }

    /**
     * The factors a ratio B / A of figures from two machines priced by different model rows moves by when A moves by
     * the factors {@code a} and B by {@code b}: [b.low / a.high, b.high / a.low], the worst case (interval arithmetic:
     * A at its low end while B is at its high end), which carries no probability level. A measured side is
     * {@link Interval#exact exactly} 1; two sides priced by the same row share its scale, and their ratio gets no band
     * at all.
     */
    public static Interval ratio(Interval a, Interval b) {
        return new Interval(b.estimate() / a.estimate(), b.low() / a.high(), b.high() / a.low());
    }

    /**
     * The one band of {@code w}'s total: {@link #of} the bands of the channels counted in it ({@link #ofTotal}); a
     * band shown beside the total (the whole VM's) is not the total's. Null where no channel in the total has one.
     */
    public static Band ofTotalBand(WindowEnergy w, Map<String, Band> bands) {
        return of(ofTotal(w, bands));
    }

    /** The one band of {@code bands} (their union where several models banded channels; null where none did). */
    public static Band of(Map<String, Band> bands) {
        if (bands.isEmpty()) {
            return null;
        }
        double lo = bands.values().stream().mapToDouble(Band::low).min().orElseThrow();
        double hi = bands.values().stream().mapToDouble(Band::high).max().orElseThrow();
        return new Band(lo, hi, String.join("; ", bands.values().stream().map(Band::basis).distinct().toList()));
    }
}
