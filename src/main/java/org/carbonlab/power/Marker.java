package org.carbonlab.power;

/**
 * Something that splits an open measurement window at named points: the {@link EnergyMeter} itself, or a pipe to
 * a meter in another process (a trial's child JVM marks its parent's meter this way).
 */
@FunctionalInterface
public interface Marker {

    /** Closes the current segment and opens one named {@code label}. */
    void mark(String label);

    /** Closes the current segment and opens {@code segment}. */
    default void mark(Segment segment) {
        mark(segment.label());
    }
}
