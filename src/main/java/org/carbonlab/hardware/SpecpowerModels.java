package org.carbonlab.hardware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.util.Csv;

/**
 * Power per hardware thread by CPU generation, from the public SPECpower_ssj2008 results (resource
 * {@code specpower-v2.csv}, written by {@code scripts/make-specpower-table.py}; its validation is
 * {@code results/specpower/validation.md}): whole-server watts over total threads at active idle and at 100 % load,
 * each as the median of the generation's servers and the band that holds a new server of that generation with
 * probability {@link Model#coverage()}: order statistics of its own servers where there are at least 9, below that
 * the spread of the other generations around a median of as many servers ({@link Model#pooled()}).
 */
public final class SpecpowerModels {

    /** The table's version, recorded with every figure estimated from it. */
    public static final String VERSION = "carbonlab-specpower-v2 (SPECpower_ssj2008 results of 2026-03-09 via"
            + " ccf-coefficients b0032d9)";
    /** The row for a CPU that is not identified: the widest band, every generation's at once. */
    public static final String ALL = "all";

    /**
     * Watts per hardware thread: the median and the band's ends.
     *
     * @param low    the band's low end
     * @param median the median server's
     * @param high   the band's high end
     */
    public record Watts(double low, double median, double high) {
    }

    /**
     * One generation's model.
     *
     * @param generation the generation id ({@code epyc-gen5}, ..., {@value #ALL})
     * @param servers    SPECpower results it rests on
     * @param idle       W per thread at active idle
     * @param full       W per thread at 100 % load
     * @param pooled     whether the band borrows the other generations' spread (too few servers of its own to promise
     *                   its coverage by order statistics)
     * @param coverage   the probability that a new server's figure lies in the band
     * @param published  the years its results were published
     * @param heldOut    the share of its servers that the band made from the others held, left out one at a time
     *                   (the smaller of idle and 100 %); NaN below 5 servers
     */
    public record Model(String generation, int servers, Watts idle, Watts full, boolean pooled, double coverage,
                        String published, double heldOut) {

        /** Whether this is the fallback of a CPU that is not identified. */
        public boolean fallback() {
            return generation.equals(ALL);
        }

        /**
         * Words for notes: "41 SPECpower servers of epyc-gen5 (2024-2026), 81 % band, which held 80 % of its servers
         * left out one at a time"; a pooled band says so: "7 SPECpower servers of neoverse-n1 (2022-2024), 80 % band
         * (spread of the other generations), which held 86 % ..."; the fallback says what its coverage is: the share
         * of a left-out generation's servers its widest band held.
         */
        public String basis() {
            if (fallback()) {
                return servers + " SPECpower servers of every generation (" + published + "; the CPU is not"
                        + " identified): the widest band, from the lowest to the highest end of the generations'"
                        + " bands, which held " + Math.round(coverage * 100) + " % of a left-out generation's servers";
            }
            return servers + " SPECpower servers of " + generation + " (" + published + "), "
                    + Math.round(coverage * 100) + " % band" + (pooled ? " (spread of the other generations)" : "")
                    + (Double.isNaN(heldOut) ? "" : ", which held " + Math.round(heldOut * 100)
                    + " % of its servers left out one at a time");
        }
    }

    private static final String TABLE = "specpower-v2.csv";

    private final Map<String, Model> models;

    private SpecpowerModels(Map<String, Model> models) {
        this.models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models)); // the table's order
    }

    /** The shipped table, read once per JVM. */
    public static SpecpowerModels load() {
        return Shipped.TABLE;
    }

    /** Holds the shipped table, read on first use. */
    private static final class Shipped {
        static final SpecpowerModels TABLE = read();
    }

    private static SpecpowerModels read() {
        Map<String, Model> m = new LinkedHashMap<>();
        for (String line : Csv.resourceRows(SpecpowerModels.class, TABLE)) {
            String[] f = line.split(",", -1);
            if (!List.of("order", "pooled", "widest").contains(f[8]) || f[8].equals("widest") != f[0].equals(ALL)) {
                throw new IllegalStateException(TABLE + ": band '" + f[8] + "' of " + f[0] + " is not order or pooled"
                        + " (a generation's) or widest (" + ALL + ")");
            }
            m.put(f[0], new Model(f[0], Integer.parseInt(f[1]), new Watts(d(f[2]), d(f[3]), d(f[4])),
                    new Watts(d(f[5]), d(f[6]), d(f[7])), f[8].equals("pooled"), d(f[9]), f[10],
                    f[11].isEmpty() ? Double.NaN : d(f[11])));
        }
        if (!m.containsKey(ALL)) {
            throw new IllegalStateException(TABLE + " has no '" + ALL + "' row");
        }
        return new SpecpowerModels(m);
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    /** The model of generation {@code id}, if the table has one. */
    public Optional<Model> generation(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /**
     * The model a user names: a generation id of the table, or {@code here} for this machine's CPU ({@link #forCpu}).
     *
     * @throws IllegalArgumentException for an id the table does not have, listing those it has
     */
    public Model named(String id) {
        if (id.equals("here")) {
            return forCpu(CpuIdentity.ofThisMachine());
        }
        return generation(id).orElseThrow(() -> new IllegalArgumentException("no SPECpower model for CPU generation '"
                + id + "'; known: " + String.join(", ", models.keySet()) + ", or 'here' for this machine's CPU"));
    }

    /**
     * The model for {@code cpu}: its generation's, or the widest ({@value #ALL}) where it is not identified or its
     * generation has no results.
     */
    public Model forCpu(CpuIdentity cpu) {
        return cpu.microarchitecture().map(CpuIdentity.Microarchitecture::specpower).flatMap(this::generation)
                .orElse(models.get(ALL));
    }
}
