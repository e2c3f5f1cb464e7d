package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.carbonlab.hardware.AcceleratorCatalog;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.power.Energy;

/**
 * The footprint of a planned or past job from its inputs: accelerators x power x hours, CPU cores x TDP per core x
 * hours, RAM x W/GB x hours; x PUE; x intensity. What {@code carbonlab estimate} computes, and how published
 * footprints are reproduced from their published inputs.
 */
public final class JobEstimate {

    /**
     * The job.
     *
     * @param gpu         accelerator name from the catalog, or empty
     * @param count       how many accelerators
     * @param powerWatts  power per accelerator; NaN to use the catalog's TDP
     * @param hours       wall-clock hours
     * @param cpu         CPU model, or empty
     * @param cpuCores    cores used; 0 for all of the model's cores
     * @param ramGb       memory in GB, 0 for none
     * @param ramWattsPerGb W per GB
     */
    public record Inputs(Optional<String> gpu, int count, double powerWatts, double hours, Optional<String> cpu,
                         int cpuCores, double ramGb, double ramWattsPerGb) {

        /** Validates the inputs; messages name the valid form. */
        public Inputs {
            if (!(hours > 0) || Double.isInfinite(hours)) {
                throw new IllegalArgumentException("--hours must be a positive number of hours, got " + hours);
            }
            if (count < 1) {
                throw new IllegalArgumentException("--count must be at least 1, got " + count);
            }
            if (!Double.isNaN(powerWatts) && !(powerWatts > 0)) {
                throw new IllegalArgumentException("--power-w must be a positive number of watts, got " + powerWatts);
            }
            if (ramGb < 0 || cpuCores < 0) {
                throw new IllegalArgumentException("--ram-gb and --cpu-cores must not be negative");
            }
            if (gpu.isEmpty() && cpu.isEmpty() && ramGb == 0 && Double.isNaN(powerWatts)) {
                throw new IllegalArgumentException("nothing to estimate: give --gpu NAME, --power-w W, --cpu MODEL"
                        + " or --ram-gb GB");
            }
        }
    }

    /**
     * One line of the estimate.
     *
     * @param part        accelerators, cpu or ram
     * @param description what was counted and with which figure
     * @param energy      IT energy of the part
     * @param source      where the power figure comes from
     */
    public record Part(String part, String description, Energy energy, String source) {
    }

    /**
     * The result.
     *
     * @param parts          the energy of each part
     * @param itEnergy       their sum
     * @param facilityEnergy IT energy x PUE
     * @param co2e           facility energy x intensity
     * @param pue            the PUE
     * @param intensity      the intensity, with provenance
     * @param notes          warnings
     */
    public record Result(List<Part> parts, Energy itEnergy, Energy facilityEnergy, Co2e co2e, Pue pue,
                         CarbonIntensity intensity, List<String> notes) {

        /** Returns the energy of one part, zero if absent. */
        public Energy energyOf(String part) {
            return parts.stream().filter(p -> p.part().equals(part)).map(Part::energy).findFirst().orElse(Energy.ZERO);
        }
    }

    private JobEstimate() {
    }

    /** Estimates a job. */
    public static Result estimate(Inputs in, Pue pue, CarbonIntensity ci, List<String> notes,
                                  AcceleratorCatalog accelerators, CpuCatalog cpus) {
        List<Part> parts = new ArrayList<>();
        if (in.gpu().isPresent() || !Double.isNaN(in.powerWatts())) {
            String name = in.gpu().orElse("device");
            double watts = in.powerWatts();
            String source = "user (--power-w)";
            if (in.gpu().isPresent()) {
                AcceleratorCatalog.Accelerator a = accelerators.find(in.gpu().get()).orElseThrow(() ->
                        new IllegalArgumentException("unknown GPU '" + in.gpu().get() + "'; known: "
                                + accelerators.names() + " (or give its power with --power-w W)"));
                name = a.name();
                if (Double.isNaN(watts)) {
                    watts = a.tdpWatts();
                    source = a.source();
                }
            }
            parts.add(new Part("accelerators", String.format(Locale.ROOT, "%d x %s at %s W for %s h", in.count(),
                    name, num(watts), num(in.hours())), Energy.ofKilowattHours(in.count() * watts * in.hours() / 1000),
                    source));
        }
        if (in.cpu().isPresent()) {
            CpuCatalog.Cpu c = cpus.find(in.cpu().get()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown CPU '" + in.cpu().get() + "'; give a model from the catalog, e.g. 'Xeon Gold 6148' or"
                            + " 'AMD EPYC 7763'"));
            int cores = in.cpuCores() > 0 ? in.cpuCores() : c.cores();
            double watts = cores * c.tdpPerCoreWatts();
            parts.add(new Part("cpu", String.format(Locale.ROOT, "%d cores of %s at %s W per core for %s h", cores,
                    c.model(), num(c.tdpPerCoreWatts()), num(in.hours())),
                    Energy.ofKilowattHours(watts * in.hours() / 1000), c.source()));
        }
        if (in.ramGb() > 0) {
            parts.add(new Part("ram", String.format(Locale.ROOT, "%s GB at %s W/GB for %s h", num(in.ramGb()),
                    num(in.ramWattsPerGb()), num(in.hours())),
                    Energy.ofKilowattHours(in.ramGb() * in.ramWattsPerGb() * in.hours() / 1000),
                    "Green Algorithms memoryPower"));
        }
        Energy it = parts.stream().map(Part::energy).reduce(Energy.ZERO, Energy::plus);
        return new Result(parts, it, Energy.ofJoules(it.joules() * pue.value()), CarbonAccountant.co2e(it, pue, ci),
                pue, ci, notes);
    }

    /** Formats a number without trailing zeros. */
    static String num(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
