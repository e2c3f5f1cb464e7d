package org.carbonlab.power;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How an energy figure was obtained: the {@link Provenance} of each channel summed into it, in order of first
 * appearance, or none when it could not be obtained. Written as its {@link #label()}: {@code measured:rapl},
 * {@code measured:rapl+estimated:tdp-model}, {@code none}.
 *
 * @param parts the methods, without repeats (empty: none)
 */
public record ProvenanceSet(List<Provenance> parts) {

    /** A figure that could not be obtained. */
    public static final ProvenanceSet NONE = new ProvenanceSet(List.of());

    private static final String NONE_LABEL = "none";

    /** Copies the parts, dropping repeats. */
    public ProvenanceSet {
        parts = List.copyOf(new LinkedHashSet<>(parts));
    }

    /** A figure obtained one way. */
    public static ProvenanceSet of(Provenance p) {
        return new ProvenanceSet(List.of(p));
    }

    /** The figure of {@code parts} summed together. */
    public static ProvenanceSet union(Iterable<ProvenanceSet> parts) {
        List<Provenance> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.parts));
        return new ProvenanceSet(all);
    }

    /** Reads a {@link #label()}; an unknown method is refused with the valid ones. */
    @JsonCreator
    public static ProvenanceSet parse(String label) {
        if (label == null || label.equals(NONE_LABEL)) {
            return NONE;
        }
        List<Provenance> parts = new ArrayList<>();
        for (String p : label.split("\\+")) {
            parts.add(Provenance.ofLabel(p));
        }
        return new ProvenanceSet(parts);
    }

    /** The label written in results. */
    @JsonValue
    public String label() {
        if (parts.isEmpty()) {
            return NONE_LABEL;
        }
        return String.join("+", parts.stream().map(Provenance::label).toList());
    }

    /** Whether the figure was obtained at all. */
    public boolean isKnown() {
        return !parts.isEmpty();
    }

    /** Whether any of it comes from a sensor. */
    public boolean anyMeasured() {
        return parts.stream().anyMatch(Provenance::isMeasured);
    }

    /** Whether {@code p} is one of the methods. */
    public boolean includes(Provenance p) {
        return parts.contains(p);
    }

    @Override
    public String toString() {
        return label();
    }
}
