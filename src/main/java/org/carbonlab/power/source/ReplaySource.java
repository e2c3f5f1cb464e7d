package org.carbonlab.power.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.carbonlab.power.Channel;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.power.Tick;

/**
 * Plays back a recorded {@link PowerTrace} as if its channels were live, for tests and re-analysis: the first read
 * is aligned with the trace's first tick and each later read returns the latest recorded tick at or before the same
 * offset (sample and hold). Channels keep their ids with a {@code replay:} prefix and are labelled
 * {@code replayed}. Reads after the trace's end fail with that reason.
 */
public final class ReplaySource implements PowerSource {

    private final List<Channel> channels = new ArrayList<>();
    private final List<Tick> ticks;
    private final long[] times;
    private final SourceStatus status;
    private long firstRead = -1;

    /** Loads the trace at {@code file}. */
    public ReplaySource(Path file) {
        this(PowerTrace.read(file), file.toString());
    }

    /** Replays already parsed trace contents; {@code name} identifies them in messages. */
    public ReplaySource(PowerTrace.Contents trace, String name) {
        for (Channel c : trace.channels()) {
            channels.add(new Channel("replay:" + c.id(), c.kind(), c.description() + " (replayed from " + name + ")",
                    c.hasCounter() ? Provenance.REPLAYED : null, c.power() != null ? Provenance.REPLAYED : null,
                    c.inTotal()));
        }
        this.ticks = trace.ticks();
        this.times = ticks.stream().mapToLong(Tick::monotonicNanos).toArray();
        if (ticks.isEmpty()) {
            status = SourceStatus.unavailable(id(), "trace " + name + " holds no samples");
        } else {
            status = SourceStatus.available(id(), String.format(Locale.ROOT, "%d ticks over %.1f s from %s",
                    ticks.size(), (times[times.length - 1] - times[0]) / 1e9, name), List.of());
        }
    }

    @Override
    public String id() {
        return "replay";
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public List<Channel> channels() {
        return ticks.isEmpty() ? List.of() : List.copyOf(channels);
    }

    @Override
    public List<Reading> read(long monotonicNanos) {
        if (firstRead < 0) {
            firstRead = monotonicNanos;
        }
        long at = times[0] + (monotonicNanos - firstRead);
        if (at > times[times.length - 1]) {
            return Collections.nCopies(channels.size(), Reading.failed(String.format(Locale.ROOT,
                    "replayed trace ended at %.3f s", (times[times.length - 1] - times[0]) / 1e9)));
        }
        int i = java.util.Arrays.binarySearch(times, at);
        int idx = i >= 0 ? i : -i - 2;
        return ticks.get(Math.max(idx, 0)).readings();
    }
}
