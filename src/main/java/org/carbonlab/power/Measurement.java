package org.carbonlab.power;

import java.util.List;

/**
 * What a meter measured between {@code begin} and {@code end}: the whole window and each segment between marks.
 *
 * @param whole    the whole window
 * @param segments the segments, in order ({@code begin} to the first {@code mark}, then mark to mark, to {@code end})
 * @param sources  what each source's probe found (including those unavailable, with their reasons)
 * @param samplerErrors failures while sampling that do not belong to one channel (a trace file that could not be
 *                 written); empty when all went well
 * @param meterCpuSeconds the CPU time the meter itself used in the window: its sampler thread's (reading the
 *                 sources, integrating, writing the trace), from its thread CPU clock; NaN where the JVM
 *                 cannot say
 */
public record Measurement(WindowEnergy whole, List<WindowEnergy> segments, List<SourceStatus> sources,
                          List<String> samplerErrors, double meterCpuSeconds) {

    /** Copies the lists. */
    public Measurement {
        segments = List.copyOf(segments);
        sources = List.copyOf(sources);
        samplerErrors = List.copyOf(samplerErrors);
    }
}
