package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;

import org.carbonlab.power.Energy;
import org.carbonlab.util.Csv;

/** Everyday equivalents of a footprint (resource {@code equivalences.csv}), each with its cited factor. */
public final class Equivalences {

    /**
     * One equivalent.
     *
     * @param id     stable id, e.g. {@code car_km_eu}
     * @param amount how many units
     * @param unit   what the unit is
     * @param source the factor's source
     */
    public record Equivalent(String id, double amount, String unit, String source) {
    }

    private record Factor(String id, boolean energyBased, double perUnit, String unit, String source) {
    }

    private final List<Factor> factors;

    private Equivalences(List<Factor> factors) {
        this.factors = factors;
    }

    /** Loads the factors shipped with carbonlab. */
    public static Equivalences load() {
        List<Factor> out = new ArrayList<>();
        for (String line : Csv.resourceRows(Equivalences.class, "equivalences.csv")) {
            String[] f = line.split(",", 5);
            out.add(new Factor(f[0], f[1].equals("energy"), Double.parseDouble(f[2]), f[3], f[4]));
        }
        return new Equivalences(out);
    }

    /** Returns every equivalent of {@code co2e} (and of {@code energy} for energy-based ones). */
    public List<Equivalent> of(Co2e co2e, Energy energy) {
        List<Equivalent> out = new ArrayList<>();
        for (Factor f : factors) {
            double amount = f.energyBased() ? energy.kilowattHours() / f.perUnit() : co2e.grams() / f.perUnit();
            out.add(new Equivalent(f.id(), amount, f.unit(), f.source()));
        }
        return out;
    }
}
