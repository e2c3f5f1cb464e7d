package org.carbonlab.hardware;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The real NVML binding over JNA ({@code libnvidia-ml.so.1}). Initialised once when created; device handles are
 * looked up once and kept; {@link #close()} calls {@code nvmlShutdown}.
 */
public final class JnaNvml implements Nvml {

    /** The functions of {@code libnvidia-ml} used here; each returns an {@code nvmlReturn_t}. */
    interface Lib extends Library {
        int nvmlInit_v2();

        int nvmlShutdown();

        int nvmlSystemGetDriverVersion(byte[] version, int length);

        int nvmlDeviceGetCount_v2(IntByReference count);

        int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

        int nvmlDeviceGetName(Pointer device, byte[] name, int length);

        int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

        int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);

        int nvmlDeviceGetPowerManagementLimit(Pointer device, IntByReference milliwatts);

        int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference millijoules);

        int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

        int nvmlDeviceGetFieldValues(Pointer device, int valuesCount, Pointer values);
    }

    /** sizeof(nvmlFieldValue_t): fieldId, scopeId (4+4), timestamp, latencyUsec (8+8), valueType, nvmlReturn (4+4), value (8). */
    private static final int FIELD_VALUE_SIZE = 40;

    private final Lib lib;
    private final Pointer[] handles;
    private final Memory field = new Memory(FIELD_VALUE_SIZE);

    /**
     * Loads {@code libnvidia-ml.so.1}, initialises NVML and looks up every device handle.
     *
     * @throws NvmlException {@code LIBRARY_NOT_FOUND} when the library is absent, else whatever NVML returned
     */
    public JnaNvml() throws NvmlException {
        Lib loaded;
        try {
            loaded = Native.load("libnvidia-ml.so.1", Lib.class);
        } catch (UnsatisfiedLinkError first) {
            try {
                loaded = Native.load("nvidia-ml", Lib.class);
            } catch (UnsatisfiedLinkError second) {
                throw new NvmlException("dlopen(libnvidia-ml.so.1)", NvmlException.LIBRARY_NOT_FOUND);
            }
        }
        this.lib = loaded;
        check("nvmlInit_v2", lib.nvmlInit_v2());
        IntByReference count = new IntByReference();
        try {
            check("nvmlDeviceGetCount_v2", lib.nvmlDeviceGetCount_v2(count));
            handles = new Pointer[count.getValue()];
            for (int i = 0; i < handles.length; i++) {
                PointerByReference ref = new PointerByReference();
                check("nvmlDeviceGetHandleByIndex_v2(" + i + ")", lib.nvmlDeviceGetHandleByIndex_v2(i, ref));
                handles[i] = ref.getValue();
            }
        } catch (NvmlException e) {
            lib.nvmlShutdown();
            throw e;
        }
    }

    private static void check(String function, int rc) throws NvmlException {
        if (rc != 0) {
            throw new NvmlException(function, rc);
        }
    }

    private static String text(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public String driverVersion() throws NvmlException {
        byte[] buf = new byte[80];
        check("nvmlSystemGetDriverVersion", lib.nvmlSystemGetDriverVersion(buf, buf.length));
        return text(buf);
    }

    @Override
    public int deviceCount() {
        return handles.length;
    }

    @Override
    public String name(int index) throws NvmlException {
        byte[] buf = new byte[96];
        check("nvmlDeviceGetName", lib.nvmlDeviceGetName(handles[index], buf, buf.length));
        return text(buf);
    }

    @Override
    public String uuid(int index) throws NvmlException {
        byte[] buf = new byte[96];
        check("nvmlDeviceGetUUID", lib.nvmlDeviceGetUUID(handles[index], buf, buf.length));
        return text(buf);
    }

    @Override
    public long enforcedPowerLimitMilliwatts(int index) throws NvmlException {
        IntByReference mw = new IntByReference();
        check("nvmlDeviceGetEnforcedPowerLimit", lib.nvmlDeviceGetEnforcedPowerLimit(handles[index], mw));
        return Integer.toUnsignedLong(mw.getValue());
    }

    @Override
    public long managementPowerLimitMilliwatts(int index) throws NvmlException {
        IntByReference mw = new IntByReference();
        check("nvmlDeviceGetPowerManagementLimit", lib.nvmlDeviceGetPowerManagementLimit(handles[index], mw));
        return Integer.toUnsignedLong(mw.getValue());
    }

    @Override
    public long totalEnergyMillijoules(int index) throws NvmlException {
        LongByReference mj = new LongByReference();
        check("nvmlDeviceGetTotalEnergyConsumption", lib.nvmlDeviceGetTotalEnergyConsumption(handles[index], mj));
        return mj.getValue();
    }

    @Override
    public synchronized long instantPowerMilliwatts(int index) throws NvmlException {
        field.clear();
        field.setInt(0, FI_DEV_POWER_INSTANT);
        check("nvmlDeviceGetFieldValues", lib.nvmlDeviceGetFieldValues(handles[index], 1, field));
        check("nvmlDeviceGetFieldValues(NVML_FI_DEV_POWER_INSTANT)", field.getInt(28));
        int valueType = field.getInt(24);
        return switch (valueType) {
            case 0 -> Math.round(field.getDouble(32));                  // double
            case 1, 5 -> Integer.toUnsignedLong(field.getInt(32));       // unsigned / signed int
            case 6 -> Short.toUnsignedLong(field.getShort(32));          // unsigned short
            default -> field.getLong(32);                                // (unsigned) long (long)
        };
    }

    @Override
    public long powerUsageMilliwatts(int index) throws NvmlException {
        IntByReference mw = new IntByReference();
        check("nvmlDeviceGetPowerUsage", lib.nvmlDeviceGetPowerUsage(handles[index], mw));
        return Integer.toUnsignedLong(mw.getValue());
    }

    @Override
    public void close() {
        lib.nvmlShutdown();
    }
}
