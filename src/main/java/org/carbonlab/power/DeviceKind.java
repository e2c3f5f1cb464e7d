package org.carbonlab.power;

/** What a channel's energy belongs to. */
public enum DeviceKind {
    /** A whole CPU package (RAPL {@code package-N}) or an estimated CPU. */
    CPU,
    /** The cores of a package (RAPL {@code core}); contained in {@link #CPU}. */
    CPU_CORE,
    /** The uncore / integrated GPU of a package (RAPL {@code uncore}); contained in {@link #CPU}. */
    CPU_UNCORE,
    /** Memory attached to a package (RAPL {@code dram}). */
    DRAM,
    /** The whole platform as RAPL {@code psys} sees it; contains the others. */
    PLATFORM,
    /** A GPU. */
    GPU,
    /** Memory estimated from resident size. */
    RAM;

    /** Returns the lower-case name used in results. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
