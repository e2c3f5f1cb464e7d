package org.carbonlab.power;

import java.util.List;

/**
 * What probing a source found: whether it can read, what it reads, and if not, why and what to do.
 *
 * @param source    the source's id ({@code rapl}, {@code nvml}, {@code estimate}, {@code replay})
 * @param available whether it can read at least one channel
 * @param detail    what it reads or the reason it cannot, with the fix where there is one
 * @param notes     assumptions and warnings (for estimates: the TDP, the W/GB, an unknown CPU model)
 */
public record SourceStatus(String source, boolean available, String detail, List<String> notes) {

    /** Copies the notes. */
    public SourceStatus {
        notes = List.copyOf(notes);
    }

    /** Returns the status of a source that can read. */
    public static SourceStatus available(String source, String detail, List<String> notes) {
        return new SourceStatus(source, true, detail, notes);
    }

    /** Returns the status of a source that cannot read, with the reason. */
    public static SourceStatus unavailable(String source, String reason) {
        return new SourceStatus(source, false, reason, List.of());
    }
}
