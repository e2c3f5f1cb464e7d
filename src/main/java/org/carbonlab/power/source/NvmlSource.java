package org.carbonlab.power.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.hardware.Nvml;
import org.carbonlab.hardware.JnaNvml;
import org.carbonlab.hardware.NvmlException;
import org.carbonlab.hardware.GpuScope;

/**
 * NVIDIA GPUs through NVML: one channel per GPU, with the total-energy counter (mJ, Volta and newer) where the GPU
 * has it and instantaneous power (field 186, else {@code nvmlDeviceGetPowerUsage}) for timelines and as the
 * fallback. A counter that goes down (driver reload, GPU reset) starts a new counter epoch, so a window spanning
 * it falls back to the power integral. A lost GPU yields failed readings with the reason.
 */
public final class NvmlSource implements PowerSource {

    /** Opens an NVML binding; the real one is {@code JnaNvml::new}. */
    @FunctionalInterface
    public interface Loader {
        /** Loads and initialises NVML. */
        Nvml open() throws NvmlException;
    }

    private final Nvml nvml;
    private final SourceStatus status;
    private final GpuScope scope;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Gpu> gpus = new ArrayList<>();

    private static final class Gpu {
        final int index;
        final boolean counter;
        boolean instantField;
        long lastMilliJ = -1;
        int epoch;
        String lost;

        Gpu(int index, boolean counter, boolean instantField) {
            this.index = index;
            this.counter = counter;
            this.instantField = instantField;
        }
    }

    /** Opens the real NVML ({@code libnvidia-ml.so.1}). */
    public NvmlSource() {
        this(JnaNvml::new);
    }

    /** Opens NVML through {@code loader} (a fake binding in tests). */
    public NvmlSource(Loader loader) {
        this(loader, GpuScope.fromEnvironment(System.getenv()));
    }

    /** Opens NVML through {@code loader}, counting only the GPUs in {@code scope}. */
    public NvmlSource(Loader loader, GpuScope scope) {
        this.scope = scope;
        Nvml opened = null;
        SourceStatus s;
        try {
            opened = loader.open();
            s = probe(opened);
        } catch (NvmlException e) {
            s = SourceStatus.unavailable(id(), e.getMessage());
        } catch (LinkageError e) {
            s = SourceStatus.unavailable(id(), "cannot load NVML through JNA: " + e);
        }
        this.nvml = opened;
        this.status = s;
    }

    private SourceStatus probe(Nvml n) throws NvmlException {
        int count = n.deviceCount();
        if (count == 0) {
            return SourceStatus.unavailable(id(), "NVML is loaded (driver " + n.driverVersion()
                    + ") but reports no GPU");
        }
        List<String> notes = new ArrayList<>();
        notes.add("driver " + n.driverVersion());
        for (int index = 0; index < count; index++) {
            final int i = index;
            String name = n.name(i);
            String uuid = n.uuid(i);
            if (!scope.includes(i, uuid)) {
                notes.add("gpu" + i + " (" + name + " " + uuid + ") not counted: not allotted to this job ("
                        + scope.origin() + ")");
                continue;
            }
            boolean counter = supported(() -> n.totalEnergyMillijoules(i), notes, i, "energy counter");
            boolean instant = supported(() -> n.instantPowerMilliwatts(i), notes, i, "instant power field 186");
            boolean usage = instant || supported(() -> n.powerUsageMilliwatts(i), notes, i, "power usage");
            if (!counter && !usage) {
                notes.add("gpu" + i + " (" + name + ") skipped: neither energy nor power can be read");
                continue;
            }
            String limits = "enforced power limit " + limit(() -> n.enforcedPowerLimitMilliwatts(i))
                    + ", management limit " + limit(() -> n.managementPowerLimitMilliwatts(i));
            gpus.add(new Gpu(i, counter, instant));
            channels.add(new Channel("nvml:gpu" + i, DeviceKind.GPU, name + " " + uuid + ", " + limits,
                    counter ? Provenance.MEASURED_NVML_COUNTER : null, Provenance.MEASURED_NVML_POWER, true));
            notes.add("gpu" + i + ": " + name + " " + uuid + ", " + limits + ", energy from "
                    + (counter ? "the total-energy counter" : "integrated power (no energy counter on this GPU)"));
        }
        if (gpus.isEmpty()) {
            return new SourceStatus(id(), false, "no GPU offers energy or power readings", notes);
        }
        return SourceStatus.available(id(), gpus.size() + " GPU(s): " + channels.stream().map(Channel::id).toList(),
                notes);
    }

    private interface Call {
        long get() throws NvmlException;
    }

    private static boolean supported(Call call, List<String> notes, int gpu, String what) throws NvmlException {
        try {
            call.get();
            return true;
        } catch (NvmlException e) {
            if (e.code() == NvmlException.NOT_SUPPORTED || e.code() == NvmlException.FUNCTION_NOT_FOUND
                    || e.code() == NvmlException.NO_PERMISSION) {
                notes.add("gpu" + gpu + ": no " + what + " (" + NvmlException.describe(e.code()) + ")");
                return false;
            }
            throw e;
        }
    }

    private static String limit(Call call) {
        try {
            return String.format(Locale.ROOT, "%.0f W", call.get() / 1000.0);
        } catch (NvmlException e) {
            return "unknown (" + NvmlException.describe(e.code()) + ")";
        }
    }

    @Override
    public String id() {
        return "nvml";
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    @Override
    public List<Reading> read(long monotonicNanos) {
        List<Reading> out = new ArrayList<>(gpus.size());
        for (Gpu g : gpus) {
            out.add(read(g));
        }
        return out;
    }

    private Reading read(Gpu g) {
        if (g.lost != null) {
            return Reading.failed(g.lost);
        }
        try {
            double watts = power(g) / 1000.0;
            if (!g.counter) {
                return Reading.power(watts);
            }
            long mj = nvml.totalEnergyMillijoules(g.index);
            if (g.lastMilliJ >= 0 && mj < g.lastMilliJ) {
                g.epoch++;
            }
            g.lastMilliJ = mj;
            return Reading.counterAndPower(mj / 1000.0, watts, g.epoch);
        } catch (NvmlException e) {
            if (e.code() == NvmlException.GPU_IS_LOST) {
                g.lost = "gpu" + g.index + ": " + e.getMessage();
            }
            return Reading.failed("gpu" + g.index + ": " + e.getMessage());
        }
    }

    private long power(Gpu g) throws NvmlException {
        if (g.instantField) {
            try {
                return nvml.instantPowerMilliwatts(g.index);
            } catch (NvmlException e) {
                if (e.code() != NvmlException.NOT_SUPPORTED) {
                    throw e;
                }
                g.instantField = false;
            }
        }
        return nvml.powerUsageMilliwatts(g.index);
    }

    @Override
    public void close() {
        if (nvml != null) {
            nvml.close();
        }
    }
}
