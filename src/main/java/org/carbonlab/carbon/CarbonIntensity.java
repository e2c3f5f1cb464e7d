package org.carbonlab.carbon;

import java.util.Locale;
import org.carbonlab.util.UserException;

/**
 * Grid carbon intensity with what it is and where it comes from.
 *
 * @param gramsPerKwh gCO2e per kWh
 * @param zone        the zone or region it belongs to ({@code DE}, {@code aws:us-east-1}, {@code user})
 * @param year        the year it describes, or 0 when the source does not say
 * @param type        average or marginal emissions
 * @param source      where the number comes from
 */
public record CarbonIntensity(double gramsPerKwh, String zone, int year, Type type, String source) {

    /** Average emissions of the grid mix, or marginal emissions of the next unit of demand. */
    public enum Type {
        /** Average of the generation mix (what grid tables and most trackers give). */
        AVERAGE,
        /** Emissions of the marginal generator. */
        MARGINAL;

        /** Returns the lower-case label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The largest yearly average any grid has (about 1 kg/kWh); a figure above 2,000 g/kWh is a unit mistake. */
    public static final double MAX_PLAUSIBLE_G_PER_KWH = 2000;

    /** Validates the figure. */
    public CarbonIntensity {
        if (Double.isNaN(gramsPerKwh) || gramsPerKwh < 0 || gramsPerKwh > MAX_PLAUSIBLE_G_PER_KWH) {
            throw new UserException(String.format(Locale.ROOT, "carbon intensity %s gCO2e/kWh is outside"
                    + " 0..%.0f (the dirtiest grids in the table are about 1,300 g/kWh)", gramsPerKwh, MAX_PLAUSIBLE_G_PER_KWH));
        }
    }

    /**
     * Returns a user-given intensity in kg/kWh, refusing values that can only be g/kWh.
     *
     * @throws org.carbonlab.util.UserException naming the valid form when the unit is wrong
     */
    public static CarbonIntensity ofKgPerKwh(double kgPerKwh) {
        if (Double.isNaN(kgPerKwh) || kgPerKwh < 0) {
            throw new UserException("intensity must be a non-negative number of kg CO2e per kWh, got "
                    + kgPerKwh);
        }
        if (kgPerKwh * 1000 > MAX_PLAUSIBLE_G_PER_KWH) {
            throw new UserException(String.format(Locale.ROOT, "intensity %s kg CO2e/kWh is impossible"
                    + " (the dirtiest grids in the table are about 1.3 kg/kWh): it looks like g/kWh. Write --intensity %s (kg/kWh)",
                    fmt(kgPerKwh), fmt(kgPerKwh / 1000)));
        }
        return new CarbonIntensity(kgPerKwh * 1000, "user", 0, Type.AVERAGE, "given with --intensity");
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Returns the intensity in kg per kWh. */
    public double kgPerKwh() {
        return gramsPerKwh / 1000;
    }

    /** Returns the provenance text written beside the number: type, basis, zone, year and source. */
    public String provenance() {
        return type.label() + ", location-based, " + zone + (year > 0 ? " " + year : "") + ": " + source;
    }
}
