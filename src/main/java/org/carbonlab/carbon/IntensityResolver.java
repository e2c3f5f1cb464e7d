package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carbonlab.util.UserException;

/**
 * Chooses the intensity for an account: a value the user gave; else the Electricity Maps API's latest value when a
 * token is set (falling back to the table, and saying so, when the call fails); else the embedded table, which
 * refuses a region it does not know (naming the closest); with neither region nor value, the world average, said
 * in a note.
 */
public final class IntensityResolver {

    /**
     * The chosen intensity and what happened on the way.
     *
     * @param intensity the intensity
     * @param notes     fallbacks and warnings, to print and to record in results
     */
    public record Resolved(CarbonIntensity intensity, List<String> notes) {
    }

    private final IntensityTable table;
    private final Optional<ElectricityMapsClient> api;

    /** Creates a resolver over {@code table}, with the API when a client is given. */
    public IntensityResolver(IntensityTable table, Optional<ElectricityMapsClient> api) {
        this.table = table;
        this.api = api;
    }

    /**
     * Resolves the intensity of a recorded run: with an hourly series, its values for {@code region} weighted by the
     * trace's energy per hour; else as {@link #resolve}.
     */
    public Resolved resolveForTrace(Optional<Double> kgPerKwh, Optional<String> region,
                                    Optional<IntensitySeries> series, java.nio.file.Path trace) {
        if (series.isPresent() && kgPerKwh.isEmpty()) {
            String zone = region.orElseThrow(() -> new UserException(
                    "--series needs --region ZONE to say which of its zones the run drew from"));
            return new Resolved(series.get().weighted(zone, TraceProfile.of(org.carbonlab.power.PowerTrace.read(trace))),
                    List.of());
        }
        return resolve(kgPerKwh, region);
    }

    /** Resolves the intensity from a user value in kg/kWh (if any) and a region (if any). */
    public Resolved resolve(Optional<Double> kgPerKwh, Optional<String> region) {
        List<String> notes = new ArrayList<>();
        if (kgPerKwh.isPresent()) {
            return new Resolved(CarbonIntensity.ofKgPerKwh(kgPerKwh.get()), notes);
        }
        if (region.isEmpty()) {
            notes.add("no --region or --intensity given: using the world average of the table (" + table.version()
                    + ")");
            return new Resolved(table.world().intensity(), notes);
        }
        if (api.isPresent()) {
            try {
                return new Resolved(api.get().latest(region.get()), notes);
            } catch (ElectricityMapsClient.ApiException e) {
                notes.add(e.getMessage() + "; fell back to the table (" + table.version() + ")");
            }
        }
        return new Resolved(table.resolve(region.get()).intensity(), notes);
    }
}
