package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;

import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Tick;
import org.carbonlab.power.WindowEnergy;
import org.carbonlab.util.UserException;

/**
 * A power trace as a wall-clock consumption profile: the energy of the channels counted in the total, tick to tick,
 * by the meter's own rule ({@link EnergyMeter#integrate}: counter difference within one counter epoch, else the
 * trapezoid of power), so an hourly intensity series can weight it by energy per hour. An interval whose energy is
 * unknown is kept, with NaN joules and the reason, never counted as 0.
 */
public final class TraceProfile {

    private TraceProfile() {
    }

    /** Returns one interval per pair of consecutive ticks that holds energy or whose energy is unknown. */
    public static List<EnergyInterval> of(PowerTrace.Contents trace) {
        if (trace.origin() == null) {
            throw new UserException("the trace has no wall-clock origin (# origin_utc), so it cannot be"
                    + " matched to an hourly intensity series; record it with this version of carbonlab");
        }
        List<EnergyInterval> out = new ArrayList<>();
        List<Tick> ticks = trace.ticks();
        for (int k = 1; k < ticks.size(); k++) {
            Tick a = ticks.get(k - 1);
            Tick b = ticks.get(k);
            if (b.monotonicNanos() <= a.monotonicNanos()) {
                continue;
            }
            WindowEnergy w = EnergyMeter.integrate("tick " + k, trace.channels(), List.of(a, b));
            double joules = w.total().joules();
            if (!(joules <= 0)) { // known and positive, or unknown (NaN)
                out.add(new EnergyInterval(trace.origin().plusNanos(a.monotonicNanos()),
                        trace.origin().plusNanos(b.monotonicNanos()), joules, Double.isNaN(joules) ? why(w) : null));
            }
        }
        return out;
    }

    /** Why a window's total is unknown: each unknown channel with its own reason. */
    private static String why(WindowEnergy w) {
        List<String> parts = w.devices().stream().filter(d -> d.channel().inTotal() && !d.energy().isKnown())
                .map(d -> d.channel().id() + ": " + d.note()).toList();
        return parts.isEmpty() ? w.totalNote() : String.join("; ", parts);
    }
}
