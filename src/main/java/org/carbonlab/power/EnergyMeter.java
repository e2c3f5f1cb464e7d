package org.carbonlab.power;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures energy over windows: {@link #begin}, any number of {@link #mark}s, {@link #end}.
 *
 * <p>Each boundary takes a fresh reading of every source (so counters are read exactly at the boundary), and
 * every periodic tick of the {@link Sampler} in between feeds the power integral. Per channel the energy is the
 * counter delta where the channel has an intact counter, else the trapezoidal integral of sampled power; the
 * fraction of the window covered by valid samples is reported beside it. One window at a time.
 */
public final class EnergyMeter implements SampleListener, Marker {

    private final Sampler sampler;
    private final List<SourceStatus> statuses;
    private List<Channel> channels = List.of();
    private ChannelIntegrator[] whole;
    private ChannelIntegrator[] segment;
    private String wholeLabel;
    private String segmentLabel;
    private long wholeStart;
    private long segmentStart;
    private Tick last;
    private final List<WindowEnergy> segments = new ArrayList<>();

    private double meterCpuAtBegin = Double.NaN;
    /** Creates a meter fed by {@code sampler}; {@code statuses} are reported with every measurement. */
    public EnergyMeter(Sampler sampler, List<SourceStatus> statuses) {
        this.sampler = sampler;
        this.statuses = List.copyOf(statuses);
        sampler.addListener(this);
        this.channels = sampler.channels();
    }

    /** Returns the sampler that feeds this meter. */
    public Sampler sampler() {
        return sampler;
    }

    /**
     * Opens a window named {@code label}. The sampler is marked without holding this meter's lock (as in
     * {@link #mark} and {@link #end}): the sampler's thread holds its own lock while it calls {@link #onTick}, so
     * holding ours while taking the sampler's would deadlock the two (seen in a JMH run).
     */
    public void begin(String label) {
        synchronized (this) {
            if (whole != null) {
                throw new IllegalStateException("window '" + wholeLabel + "' is still open; end it first");
            }
            segments.clear();
            meterCpuAtBegin = sampler.threadCpuSeconds();
            wholeLabel = label;
            segmentLabel = label;
        }
        sampler.mark("begin:" + label);
    }

    /** Closes the current segment and opens one named {@code label}; the whole window goes on. */
    @Override
    public void mark(String label) {
        synchronized (this) {
            requireOpen();
        }
        sampler.mark("mark:" + label);
        synchronized (this) {
            segmentLabel = label;
        }
    }

    /** Closes the window and returns what it measured. */
    public Measurement end() {
        synchronized (this) {
            requireOpen();
        }
        sampler.mark("end:" + wholeLabel);
        synchronized (this) {
            WindowEnergy w = window(wholeLabel, whole, wholeStart, last.monotonicNanos());
            whole = null;
            segment = null;
            return new Measurement(w, segments, statuses, sampler.listenerErrors(),
                    sampler.threadCpuSeconds() - meterCpuAtBegin);
        }
    }

    @Override
    public synchronized void onStart(List<Channel> channels, long intervalNanos) {
        this.channels = channels;
    }

    @Override
    public synchronized void onTick(Tick tick) {
        last = tick;
        feed(whole, tick);
        feed(segment, tick);
    }

    /** The boundary tick was delivered just before: it ends the old segment and starts the new one. */
    @Override
    public synchronized void onMark(long t, String label) {
        if (label.startsWith("begin:")) {
            wholeStart = t;
            whole = open(t);
            feed(whole, last);
        } else {
            segments.add(window(segmentLabel, segment, segmentStart, t));
        }
        if (!label.startsWith("end:")) {
            segmentStart = t;
            segment = open(t);
            feed(segment, last);
        }
    }

    private void requireOpen() {
        if (whole == null) {
            throw new IllegalStateException("no window is open; call begin first");
        }
    }

    /**
     * The energy of {@code channels} from the first to the last of {@code ticks} by the meter's one rule: an intact
     * energy counter's difference, else the trapezoid of valid power samples, else unknown with the reason.
     */
    public static WindowEnergy integrate(String label, List<Channel> channels, List<Tick> ticks) {
        if (ticks.isEmpty()) {
            throw new IllegalArgumentException("no ticks to integrate");
        }
        long start = ticks.get(0).monotonicNanos();
        ChannelIntegrator[] acc = new ChannelIntegrator[channels.size()];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = new ChannelIntegrator(channels.get(i), start);
        }
        ticks.forEach(t -> feed(acc, t));
        return window(label, acc, start, ticks.get(ticks.size() - 1).monotonicNanos());
    }

    private ChannelIntegrator[] open(long t) {
        ChannelIntegrator[] acc = new ChannelIntegrator[channels.size()];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = new ChannelIntegrator(channels.get(i), t);
        }
        return acc;
    }

    private static void feed(ChannelIntegrator[] acc, Tick tick) {
        if (acc == null) {
            return;
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i].add(tick.monotonicNanos(), tick.readings().get(i));
        }
    }

    private static WindowEnergy window(String label, ChannelIntegrator[] acc, long start, long end) {
        List<DeviceEnergy> devices = new ArrayList<>(acc.length);
        for (ChannelIntegrator a : acc) {
            devices.add(a.result(end));
        }
        return WindowEnergy.of(label, start / 1e9, (end - start) / 1e9, devices);
    }
}
