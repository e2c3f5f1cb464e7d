package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.carbonlab.power.Energy;
import org.carbonlab.util.UserException;

/**
 * Re-prices one amount of IT energy for other places, years and PUEs: the table behind "running it in another region cuts
 * emissions by N %", with N exact.
 */
public final class RegionWhatIf {

    /**
     * One priced alternative.
     *
     * @param region         the code asked for
     * @param intensity      its intensity with provenance (and year)
     * @param pue            the PUE
     * @param co2e           IT energy x PUE x intensity
     * @param changeVsBaseline co2e / baseline co2e - 1 (-0.8 means 80 % less than the first region at the first PUE)
     */
    public record Row(String region, CarbonIntensity intensity, Pue pue, Co2e co2e, double changeVsBaseline) {
    }

    private RegionWhatIf() {
    }

    /**
     * Prices {@code energy} for every region x year x PUE; the first combination is the baseline. An empty
     * {@code years} uses each place's latest figure. Unknown regions are refused (a what-if against the world default
     * would mislead), and so are years the table has no figure for.
     */
    public static List<Row> reprice(Energy energy, List<String> regions, List<Integer> years, List<Pue> pues,
                                    IntensityTable table) {
        if (regions.isEmpty()) {
            throw new UserException("give at least one region (--regions DE,FR,aws:us-east-1)");
        }
        List<Row> rows = new ArrayList<>();
        Co2e base = null;
        for (String r : regions) {
            IntensityTable.Row row = table.find(r).orElseThrow(() -> new UserException(
                    "region '" + r + "' is not in the carbon-intensity table (" + table.version() + "); use an ISO"
                            + " 3166 code (DE, DEU), a grid (US-VA, CA-QC, SE3) or a cloud region (aws:us-east-1)"));
            List<CarbonIntensity> intensities = new ArrayList<>();
            if (years.isEmpty()) {
                intensities.add(row.intensity());
            }
            for (int y : years) {
                try {
                    intensities.add(table.inYear(r, y));
                } catch (UserException e) {
                    // one missing year leaves the other rows standing: unpriced says which
                }
            }
            List<Pue> regionPues = pues.isEmpty() ? List.of(Pue.forRegion(java.util.Optional.empty(),
                    java.util.Optional.of(r))) : pues;
            for (CarbonIntensity ci : intensities) {
                for (Pue p : regionPues) {
                    Co2e c = CarbonAccountant.co2e(energy, p, ci);
                    if (base == null) {
                        base = c;
                    }
                    rows.add(new Row(r, ci, p, c, base.grams() == 0 ? Double.NaN : c.grams() / base.grams() - 1));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new UserException(String.join("; ", unpriced(regions, years, table)));
        }
        rows.sort(Comparator.comparingDouble(x -> x.co2e().grams()));
        return rows;
    }

    /** The region-year combinations {@link #reprice} leaves out because the table has no figure for them. */
    public static List<String> unpriced(List<String> regions, List<Integer> years, IntensityTable table) {
        List<String> out = new ArrayList<>();
        for (String r : regions) {
            for (int y : years) {
                try {
                    table.inYear(r, y);
                } catch (UserException e) {
                    out.add(e.getMessage());
                }
            }
        }
        return out;
    }
}
