package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;

import org.carbonlab.power.Channel;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Reading;
import org.carbonlab.power.Tick;

/**
 * A power trace as a wall-clock consumption profile: the energy of the channels counted in the total, tick to tick
 * (counter delta where both ends read the same counter epoch, else the trapezoid of power), so an hourly intensity
 * series can weight it by energy per hour.
 */
public final class TraceProfile {

    private TraceProfile() {
    }

    /** Returns one interval per pair of consecutive ticks that holds energy. */
    public static List<EnergyInterval> of(PowerTrace.Contents trace) {
        if (trace.origin() == null) {
            throw new IllegalArgumentException("the trace has no wall-clock origin (# origin_utc), so it cannot be"
                    + " matched to an hourly intensity series; record it with this version of carbonlab");
        }
        List<EnergyInterval> out = new ArrayList<>();
        List<Channel> ch = trace.channels();
        List<Tick> ticks = trace.ticks();
        for (int k = 1; k < ticks.size(); k++) {
            Tick a = ticks.get(k - 1);
            Tick b = ticks.get(k);
            if (b.monotonicNanos() <= a.monotonicNanos()) {
                continue;
            }
            double joules = 0;
            for (int i = 0; i < ch.size(); i++) {
                if (ch.get(i).inTotal()) {
                    joules += energy(a.readings().get(i), b.readings().get(i), (b.monotonicNanos() - a.monotonicNanos()) / 1e9);
                }
            }
            if (joules > 0) {
                out.add(new EnergyInterval(trace.origin().plusNanos(a.monotonicNanos()),
                        trace.origin().plusNanos(b.monotonicNanos()), joules));
            }
        }
        return out;
    }

    private static double energy(Reading a, Reading b, double seconds) {
        if (a.ok() && b.ok() && !Double.isNaN(a.energyJoules()) && !Double.isNaN(b.energyJoules())
                && a.counterEpoch() == b.counterEpoch()) {
            return b.energyJoules() - a.energyJoules();
        }
        if (a.ok() && b.ok() && !Double.isNaN(a.powerWatts()) && !Double.isNaN(b.powerWatts())) {
            return 0.5 * (a.powerWatts() + b.powerWatts()) * seconds;
        }
        return 0;
    }
}
