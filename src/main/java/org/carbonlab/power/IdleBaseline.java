package org.carbonlab.power;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean power per channel while the machine idles, measured before a study, used to split a window's energy into
 * static (what the machine would have drawn anyway: idle power x duration) and dynamic (the rest) energy.
 *
 * @param window the idle window as measured
 */
public record IdleBaseline(WindowEnergy window) {

    /**
     * One channel's energy split.
     *
     * @param channelId     the channel
     * @param total         energy in the window
     * @param staticEnergy  idle power x window duration
     * @param dynamicEnergy total minus static (may be slightly negative when the load is at idle level: noise)
     */
    public record Split(String channelId, Energy total, Energy staticEnergy, Energy dynamicEnergy) {
    }

    /** Measures {@code seconds} of idle on {@code meter} (which must have no open window). */
    public static IdleBaseline measure(EnergyMeter meter, java.time.Duration duration) throws InterruptedException {
        meter.begin("idle-baseline");
        Measurement m;
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            m = meter.end();
        }
        return new IdleBaseline(m.whole());
    }

    /** Returns the idle power of channel {@code id}; unknown if it was not measured. */
    public Power idlePower(String id) {
        return window.devices().stream().filter(d -> d.channel().id().equals(id)).findFirst()
                .map(DeviceEnergy::meanPower).orElse(Power.UNKNOWN);
    }

    /** Splits every channel of {@code w}, and the total (channel id {@code total}), into static and dynamic. */
    public List<Split> split(WindowEnergy w) {
        List<Split> out = new ArrayList<>();
        double staticTotal = 0;
        for (DeviceEnergy d : w.devices()) {
            Energy st = idlePower(d.channel().id()).times(w.durationSeconds());
            out.add(new Split(d.channel().id(), d.energy(), st, d.energy().minus(st)));
            if (d.channel().inTotal()) {
                staticTotal += st.joules();
            }
        }
        Energy st = Energy.ofJoules(staticTotal);
        out.add(new Split("total", w.total(), st, w.total().minus(st)));
        return out;
    }
}
