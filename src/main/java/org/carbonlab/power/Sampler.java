package org.carbonlab.power;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Reads every source at a fixed interval on a daemon thread and hands each {@link Tick} to its listeners.
 *
 * <p>Timestamps come from a monotonic clock ({@link System#nanoTime()} unless a test supplies another). Reads are
 * serialised: {@link #sampleNow()} (used at window boundaries) and the periodic thread never read a source at the
 * same time. A source that throws yields failed readings for its channels and the others go on. Where a channel
 * has a counter but no instantaneous power, the sampler derives power from consecutive counter readings of the
 * same epoch, so every trace has a power timeline.
 */
public final class Sampler implements AutoCloseable {

    /** The default sampling interval, 100 ms. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final List<PowerSource> sources;
    private final List<Channel> channels;
    /** How many channels each source has, in source order. */
    private final int[] channelCounts;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long origin;
    private final java.time.Instant wallClockOrigin = java.time.Instant.now();
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> listenerErrors = new CopyOnWriteArrayList<>();
    private Reading[] previous;
    private long previousNanos;
    private long ticks;
    private boolean started;
    private volatile boolean running;
    private volatile Thread thread;
    /** The thread's CPU time at the last look (it cannot be read once the thread has ended). */
    private volatile long lastThreadCpuNanos;

    /** Refuses a sampling interval that is not positive (callers check it before they write anything). */
    public static void requireInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new PowerException("sampling interval must be positive, got "
                    + org.carbonlab.util.Durations.words(interval));
        }
    }

    /** Creates a sampler over the available channels of {@code sources}, using {@link System#nanoTime()}. */
    public Sampler(List<PowerSource> sources, Duration interval) {
        this(sources, interval, System::nanoTime);
    }

    /** Creates a sampler with an explicit monotonic clock (nanoseconds). */
    public Sampler(List<PowerSource> sources, Duration interval, LongSupplier clock) {
        requireInterval(interval);
        this.sources = List.copyOf(sources);
        List<Channel> all = new ArrayList<>();
        channelCounts = new int[this.sources.size()];
        for (int k = 0; k < channelCounts.length; k++) {
            List<Channel> own = this.sources.get(k).channels();
            all.addAll(own);
            channelCounts[k] = own.size();
        }
        this.channels = List.copyOf(all);
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.origin = clock.getAsLong();
    }

    /** Returns every channel, in tick order. */
    public List<Channel> channels() {
        return channels;
    }

    /** Returns the wall-clock time of the sampler's zero (tick times are nanoseconds after it). */
    public java.time.Instant wallClockOrigin() {
        return wallClockOrigin;
    }

    /** Returns the sources sampled. */
    public List<PowerSource> sources() {
        return sources;
    }

    /** Returns the sampling interval in nanoseconds. */
    public long intervalNanos() {
        return intervalNanos;
    }

    /** Returns the number of ticks taken so far. */
    public synchronized long tickCount() {
        return ticks;
    }

    /** Returns failures of listeners (a trace file that could not be written), oldest first. */
    public List<String> listenerErrors() {
        return List.copyOf(listenerErrors);
    }

    /** Adds a listener; it sees ticks taken from now on. */
    public synchronized void addListener(SampleListener listener) {
        listeners.add(listener);
        if (started) {
            listener.onStart(channels, intervalNanos);
        }
    }

    /** Starts the periodic thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("sampler already started");
        }
        ensureStarted();
        running = true;
        thread = new Thread(this::loop, "carbonlab-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads every source now and delivers the tick; also what window boundaries use. */
    public synchronized Tick sampleNow() {
        ensureStarted();
        long t = clock.getAsLong() - origin;
        Reading[] now = new Reading[channels.size()];
        int i = 0;
        for (int k = 0; k < channelCounts.length; k++) {
            List<Reading> got = readSafely(sources.get(k), t, channelCounts[k]);
            for (Reading r : got) {
                now[i] = derivePower(i, r, t);
                i++;
            }
        }
        previous = now;
        previousNanos = t;
        ticks++;
        Tick tick = new Tick(t, List.of(now));
        for (SampleListener l : listeners) {
            try {
                l.onTick(tick);
            } catch (RuntimeException e) {
                listenerErrors.add(l.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return tick;
    }

    /** Takes a tick and tells listeners that a window boundary named {@code label} falls on it. */
    public synchronized Tick mark(String label) {
        Tick tick = sampleNow();
        for (SampleListener l : listeners) {
            try {
                l.onMark(tick.monotonicNanos(), label);
            } catch (RuntimeException e) {
                listenerErrors.add(l.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return tick;
    }

    /** Stops the thread and tells listeners; does not close the sources. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            for (SampleListener l : listeners) {
                l.onStop();
            }
            listeners.clear();
        }
    }

    private void ensureStarted() {
        if (!started) {
            started = true;
            for (SampleListener l : listeners) {
                l.onStart(channels, intervalNanos);
            }
        }
    }

    /**
     * CPU seconds the sampler's thread has used so far (reading sources, delivering ticks to listeners), from the
     * thread's CPU clock (nanoseconds; procfs would give 10 ms ticks); 0 before the thread runs, NaN where the JVM
     * cannot say.
     */
    public double threadCpuSeconds() {
        Thread t = thread; // not under the sampler's lock: its thread holds it while listeners run
        if (t == null) {
            return 0;
        }
        long nanos;
        try {
            nanos = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
        } catch (UnsupportedOperationException e) {
            return Double.NaN;
        }
        if (nanos >= 0) {
            lastThreadCpuNanos = nanos;
        } else if (t.isAlive()) {
            return Double.NaN;
        }
        return lastThreadCpuNanos / 1e9;
    }

    private void loop() {
        long next = clock.getAsLong() + intervalNanos;
        while (running) {
            long wait = next - clock.getAsLong();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            sampleNow();
            long now = clock.getAsLong();
            next += intervalNanos;
            if (next <= now) { // fell behind (suspended, overloaded): skip the missed ticks
                next = now + intervalNanos;
            }
        }
    }

    private static List<Reading> readSafely(PowerSource s, long t, int n) {
        List<Reading> got;
        try {
            got = s.read(t);
            if (got.size() == n) {
                return got;
            }
            return failAll(n, s.id() + " returned " + got.size() + " readings for " + n + " channels");
        } catch (RuntimeException | LinkageError e) {
            return failAll(n, s.id() + " failed: " + e);
        }
    }

    private static List<Reading> failAll(int n, String reason) {
        List<Reading> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(Reading.failed(reason));
        }
        return out;
    }

    private Reading derivePower(int i, Reading r, long t) {
        if (!r.ok() || !Double.isNaN(r.powerWatts()) || Double.isNaN(r.energyJoules()) || previous == null) {
            return r;
        }
        Reading p = previous[i];
        long dt = t - previousNanos;
        if (p == null || !p.ok() || Double.isNaN(p.energyJoules()) || p.counterEpoch() != r.counterEpoch() || dt <= 0) {
            return r;
        }
        return r.withPower((r.energyJoules() - p.energyJoules()) / (dt / 1e9));
    }
}
