package org.carbonlab.power;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** A programmable source: each channel's reading is a function of the sampler's time in nanoseconds. */
public final class FakeSource implements PowerSource {

    private final String id;
    private final List<Channel> channels = new ArrayList<>();
    private final List<LongFunction<Reading>> curves = new ArrayList<>();
    public int reads;
    public RuntimeException throwOnRead;

    public FakeSource(String id) {
        this.id = id;
    }

    /** Adds a power-only channel whose power follows {@code watts(t)}. */
    public FakeSource power(String name, LongFunction<Double> watts) {
        channels.add(new Channel(id + ":" + name, DeviceKind.GPU, "fake " + name, null, Provenance.MEASURED_NVML_POWER,
                true));
        curves.add(t -> Reading.power(watts.apply(t)));
        return this;
    }

    /** Adds a channel with any readings. */
    public FakeSource channel(Channel c, LongFunction<Reading> readings) {
        channels.add(c);
        curves.add(readings);
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SourceStatus status() {
        return SourceStatus.available(id, "fake", List.of());
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public List<Reading> read(long t) {
        reads++;
        if (throwOnRead != null) {
            throw throwOnRead;
        }
        List<Reading> out = new ArrayList<>();
        for (LongFunction<Reading> c : curves) {
            out.add(c.apply(t));
        }
        return out;
    }
}
