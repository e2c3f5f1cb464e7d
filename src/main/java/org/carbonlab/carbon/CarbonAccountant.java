package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;

import org.carbonlab.power.DeviceEnergy;
import org.carbonlab.power.Energy;
import org.carbonlab.power.WindowEnergy;

/** Turns energy into CO2e: energy x PUE x intensity, per device and in total. */
public final class CarbonAccountant {

    private CarbonAccountant() {
    }

    /** Returns the CO2e of {@code energy} drawn by IT equipment in a facility of {@code pue} on a grid of {@code ci}. */
    public static Co2e co2e(Energy energy, Pue pue, CarbonIntensity ci) {
        return new Co2e(grams(energy.joules(), pue.value(), ci.gramsPerKwh()));
    }

    /**
     * The one CO2e formula: grams of CO2e of {@code joules} of IT energy in a facility of PUE {@code pue} on a grid
     * of {@code gramsPerKwh}, for callers that hold the run's recorded PUE and intensity as numbers (reports, JMH).
     */
    public static double grams(double joules, double pue, double gramsPerKwh) {
        return Energy.ofJoules(joules).kilowattHours() * pue * gramsPerKwh;
    }

    /** The facility's energy for {@code joules} of IT energy: IT energy x PUE (cooling, power conversion, ...). */
    public static double facilityJoules(double joules, double pue) {
        return joules * pue;
    }

    /** Accounts a measured window; devices outside the total get their own figure but are not added. */
    public static Footprint account(WindowEnergy window, Pue pue, CarbonIntensity ci, List<String> notes) {
        List<Footprint.DeviceFootprint> devices = new ArrayList<>();
        for (DeviceEnergy d : window.devices()) {
            devices.add(new Footprint.DeviceFootprint(d.channel().id(), d.energy(), co2e(d.energy(), pue, ci)));
        }
        Energy it = window.total();
        return new Footprint(devices, it, Energy.ofJoules(facilityJoules(it.joules(), pue.value())), co2e(it, pue, ci), pue, ci,
                notes);
    }
}
