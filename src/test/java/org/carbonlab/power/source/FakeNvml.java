package org.carbonlab.power.source;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.carbonlab.hardware.Nvml;
import org.carbonlab.hardware.NvmlException;

/**
 * An NVML binding that replays recorded values: per GPU, queues of energy-counter (mJ) and power (mW) readings,
 * where a negative entry is an NVML error code to throw instead.
 */
final class FakeNvml implements Nvml {

    final Map<Integer, Deque<Long>> energy = new HashMap<>();
    final Map<Integer, Deque<Long>> power = new HashMap<>();
    int gpus = 1;
    int energyUnsupported = -1;
    boolean instantUnsupported;
    int shutdowns;
    int usageCalls;

    FakeNvml energy(int gpu, long... values) {
        Deque<Long> q = energy.computeIfAbsent(gpu, k -> new ArrayDeque<>());
        for (long v : values) {
            q.add(v);
        }
        return this;
    }

    FakeNvml power(int gpu, long... values) {
        Deque<Long> q = power.computeIfAbsent(gpu, k -> new ArrayDeque<>());
        for (long v : values) {
            q.add(v);
        }
        return this;
    }

    private static long next(Deque<Long> q, String fn) throws NvmlException {
        Long v = q.size() > 1 ? q.poll() : q.peek(); // the last value repeats
        if (v == null) {
            throw new NvmlException(fn, NvmlException.NOT_SUPPORTED);
        }
        if (v < 0) {
            throw new NvmlException(fn, (int) -v);
        }
        return v;
    }

    @Override
    public String driverVersion() {
        return "550.54.15";
    }

    @Override
    public int deviceCount() {
        return gpus;
    }

    @Override
    public String name(int i) {
        return "NVIDIA H100 80GB HBM3";
    }

    @Override
    public String uuid(int i) {
        return "GPU-0000000" + i;
    }

    @Override
    public long enforcedPowerLimitMilliwatts(int i) {
        return 700_000;
    }

    @Override
    public long managementPowerLimitMilliwatts(int i) throws NvmlException {
        throw new NvmlException("nvmlDeviceGetPowerManagementLimit", NvmlException.NOT_SUPPORTED);
    }

    @Override
    public long totalEnergyMillijoules(int i) throws NvmlException {
        if (i == energyUnsupported) {
            throw new NvmlException("nvmlDeviceGetTotalEnergyConsumption", NvmlException.NOT_SUPPORTED);
        }
        return next(energy.get(i), "nvmlDeviceGetTotalEnergyConsumption");
    }

    @Override
    public long instantPowerMilliwatts(int i) throws NvmlException {
        if (instantUnsupported) {
            throw new NvmlException("nvmlDeviceGetFieldValues", NvmlException.NOT_SUPPORTED);
        }
        return next(power.get(i), "nvmlDeviceGetFieldValues");
    }

    @Override
    public long powerUsageMilliwatts(int i) throws NvmlException {
        usageCalls++;
        return next(power.get(i), "nvmlDeviceGetPowerUsage");
    }

    @Override
    public void close() {
        shutdowns++;
    }
}
