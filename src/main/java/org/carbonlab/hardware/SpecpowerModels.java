package org.carbonlab.hardware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.util.Csv;
import org.carbonlab.util.UserException;

/**
 * Power per hardware thread by CPU generation, from the public SPECpower_ssj2008 results (resource
 * {@code specpower-v3.csv}, written by {@code scripts/make-specpower-table.py}; its validation is
 * {@code results/specpower/validation.md}): whole-server watts over total threads at active idle and at 100 % load,
 * each as the median of the generation's servers and a band: order statistics of its servers (k at least 2, so no one
 * server sets an end) or, below 19 servers, the spread of the other generations around a median of as many servers
 * ({@link Model#pooled()}); widened by what a forward-in-time test asked for. Each band states the level that test
 * supports ({@link Model#coverage()}, {@link Model#joint()}), not a nominal one.
 */
public final class SpecpowerModels {

    /** The table's version, recorded with every figure estimated from it. */
    public static final String VERSION = "carbonlab-specpower-v3 (SPECpower_ssj2008 results of 2026-03-09 via"
            + " ccf-coefficients b0032d9)";
    /** The row for a CPU that is not identified: the central band of every generation's servers at once. */
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
     * @param generation     the generation id ({@code epyc-gen5}, ..., {@value #ALL})
     * @param servers        SPECpower results it rests on
     * @param idle           W per thread at active idle
     * @param full           W per thread at 100 % load
     * @param pooled         whether the band borrows the other generations' spread (too few servers of its own for
     *                       order statistics whose ends no one server sets)
     * @param coverage       the level the forward-in-time test supports for the 100 % band (at most 0.8): the share
     *                       of newer servers that older servers' bands held, over every generation
     * @param joint          the same at both ends together (the band of a figure that uses idle and 100 %)
     * @param published      the years its results were published
     * @param forwardHeld    this generation's own forward test: newer servers held at 100 % load (for {@value #ALL}:
     *                       servers of a left-out generation held)
     * @param forwardServers newer servers it tested; 0: too few servers or months for a test of its own
     */
    public record Model(String generation, int servers, Watts idle, Watts full, boolean pooled, double coverage,
                        double joint, String published, int forwardHeld, int forwardServers) {

        /** Whether this is the fallback of a CPU that is not identified. */
        public boolean fallback() {
            return generation.equals(ALL);
        }

        /**
         * Words for notes about a figure at 100 % load: "41 SPECpower servers of epyc-gen5 (2024-2026), 80 % band (the
         * level a forward-in-time test supports; its own newer servers: 8 of 10 held)"; a pooled band says so ("spread
         * of the other generations"), a generation without a test of its own says that; the fallback says what its
         * level is: the share of a left-out generation's servers its band held.
         */
        public String basis() {
            return basis(false);
        }

        /**
         * {@link #basis()}, for a figure that uses both ends ({@code bothEnds}: idle and 100 % together, at their
         * {@link #joint()} level).
         */
        public String basis(boolean bothEnds) {
            if (fallback()) {
                return servers + " SPECpower servers of every generation (" + published + "; the CPU is not"
                        + " identified): the central band of all generations' servers, which held "
                        + Math.round(100.0 * forwardHeld / forwardServers) + " % of a left-out generation's servers"
                        + (bothEnds ? ", " + Math.round(joint * 100) + " % at idle and 100 % together" : "");
            }
            return servers + " SPECpower servers of " + generation + " (" + published + "), "
                    + Math.round((bothEnds ? joint : coverage) * 100) + " % band"
                    + (bothEnds ? " at idle and 100 % together" : "")
                    + (pooled ? " (spread of the other generations)" : "")
                    + " (the level a forward-in-time test supports; " + (forwardServers == 0
                    ? "too few servers for a test of its own)" : "its own newer servers: " + forwardHeld + " of "
                    + forwardServers + " held at 100 %)");
        }
    }

    private static final String TABLE = "specpower-v3.csv";

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
            if (!List.of("order", "pooled", "mixture").contains(f[8]) || f[8].equals("mixture") != f[0].equals(ALL)) {
                throw new IllegalStateException(TABLE + ": band '" + f[8] + "' of " + f[0] + " is not order or pooled"
                        + " (a generation's) or mixture (" + ALL + ")");
            }
            m.put(f[0], new Model(f[0], Integer.parseInt(f[1]), new Watts(d(f[2]), d(f[3]), d(f[4])),
                    new Watts(d(f[5]), d(f[6]), d(f[7])), f[8].equals("pooled"), d(f[9]), d(f[10]), f[11],
                    Integer.parseInt(f[12]), Integer.parseInt(f[13])));
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
     * @throws org.carbonlab.util.UserException for an id the table does not have, listing those it has
     */
    public Model named(String id) {
        if (id.equals("here")) {
            return forCpu(CpuIdentity.ofThisMachine());
        }
        return generation(id).orElseThrow(() -> new UserException("no SPECpower model for CPU generation '"
                + id + "'; known: " + String.join(", ", models.keySet()) + ", or 'here' for this machine's CPU"));
    }

    /**
     * The model for {@code cpu}: its generation's, or the fallback ({@value #ALL}) where it is not identified or its
     * generation has no results.
     */
    public Model forCpu(CpuIdentity cpu) {
        return cpu.microarchitecture().map(CpuIdentity.Microarchitecture::specpower).flatMap(this::generation)
                .orElse(models.get(ALL));
    }
}
