package org.carbonlab.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The order of a study's variants within each block (a spec's {@code order}): what the runner plans, what a run
 * records, and what the coverage certificate simulates.
 */
public enum RunOrder {
    /** Forward in odd blocks, reversed in even ones (A B, B A, ...: ABBA for two variants); the default. */
    COUNTERBALANCED("counterbalanced"),
    /** Baseline first in every block (A B, A B, ...), which a steady drift biases. */
    INTERLEAVED("interleaved"),
    /** A seeded random order in every block. */
    RANDOMISED("randomised-blocks");

    private final String id;

    RunOrder(String id) {
        this.id = id;
    }

    /** The spelling in specs and manifests. */
    public String id() {
        return id;
    }

    /** Every spelling, in declaration order (what a spec may write). */
    public static List<String> ids() {
        return Arrays.stream(values()).map(RunOrder::id).toList();
    }

    /**
     * The order a recorded spec names; {@code interleaved} for a run from before the key had a default (it recorded
     * none, and ran its baseline first).
     */
    public static RunOrder of(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst().orElse(INTERLEAVED);
    }
}
