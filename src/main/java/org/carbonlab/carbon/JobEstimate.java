package org.carbonlab.carbon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.carbonlab.hardware.AcceleratorCatalog;
import org.carbonlab.hardware.CpuCatalog;
import org.carbonlab.hardware.LoadCurve;
import org.carbonlab.hardware.SpecpowerModels;
import org.carbonlab.power.Band;
import org.carbonlab.power.Energy;
import org.carbonlab.util.Numbers;
import org.carbonlab.util.UserException;

/**
 * The footprint of a planned or past job from its inputs: accelerators x power x hours, CPU cores x TDP per core x
 * hours or vCPUs x the SPECpower model's watts per thread at the job's load x hours, RAM x W/GB x hours; x PUE; x
 * intensity. What {@code carbonlab estimate} computes, and how published footprints are reproduced from their
 * published inputs. A SPECpower part carries its model's band, and so do the totals, the CO2e and the equivalents.
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
     * @param generation  a SPECpower model for the CPU (by generation), or empty
     * @param vcpus       with a generation: the hardware threads (vCPUs) the job holds
     * @param load        with a generation: the share of those threads' time busy, 0 to 1 (NaN, not given: 1, every
     *                    thread busy)
     */
    public record Inputs(Optional<String> gpu, int count, double powerWatts, double hours, Optional<String> cpu,
                         int cpuCores, double ramGb, double ramWattsPerGb, Optional<SpecpowerModels.Model> generation,
                         int vcpus, double load) {

        /** Validates the inputs; messages name the valid form. */
        public Inputs {
            if (!(hours > 0) || Double.isInfinite(hours)) {
                throw new UserException("--hours must be a positive number of hours, got " + hours);
            }
            if (count < 1) {
                throw new UserException("--count must be at least 1, got " + count);
            }
            if (!Double.isNaN(powerWatts) && !(powerWatts > 0)) {
                throw new UserException("--power-w must be a positive number of watts, got " + powerWatts);
            }
            if (ramGb < 0 || cpuCores < 0) {
                throw new UserException("--ram-gb and --cpu-cores must not be negative");
            }
            if (cpu.isPresent() && generation.isPresent()) {
                throw new UserException("give the CPU once: --cpu MODEL (its TDP) or --cpu-generation ID"
                        + " (SPECpower), not both");
            }
            if (generation.isPresent() && vcpus < 1) {
                throw new UserException("--cpu-generation needs --vcpus N, the hardware threads the job"
                        + " holds (at least 1), got " + vcpus);
            }
            if (generation.isEmpty() && vcpus != 0) {
                throw new UserException("--vcpus counts the threads of a --cpu-generation ID; with --cpu"
                        + " MODEL give --cpu-cores N");
            }
            if (generation.isEmpty() && !Double.isNaN(load)) {
                throw new UserException("--load is the busy share of a --cpu-generation's vCPUs; a TDP"
                        + " (--cpu MODEL) is the full-load figure");
            }
            if (Double.isNaN(load)) {
                load = 1;
            }
            if (!(load >= 0 && load <= 1)) {
                throw new UserException("--load must be the busy share of the vCPUs' time, 0 to 1, got "
                        + load);
            }
            if (gpu.isEmpty() && cpu.isEmpty() && generation.isEmpty() && ramGb == 0 && Double.isNaN(powerWatts)) {
                throw new UserException("nothing to estimate: give --gpu NAME, --power-w W, --cpu MODEL,"
                        + " --cpu-generation ID with --vcpus N, or --ram-gb GB");
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
     * @param band        the model's band around {@code energy} (null: none, a TDP or a given figure)
     */
    public record Part(String part, String description, Energy energy, String source, Band band) {
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
     * @param band           the band of the IT energy, and so of the total energy, the CO2e and every equivalent:
     *                       its banded parts at their ends, the others at their figures (null: no part has one)
     */
    public record Result(List<Part> parts, Energy itEnergy, Energy facilityEnergy, Co2e co2e, Pue pue,
                         CarbonIntensity intensity, List<String> notes, Band band) {

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
                        new UserException("unknown GPU '" + in.gpu().get() + "'; known: "
                                + accelerators.names() + " (or give its power with --power-w W)"));
                name = a.name();
                if (Double.isNaN(watts)) {
                    watts = a.tdpWatts();
                    source = a.source();
                }
            }
            parts.add(new Part("accelerators", String.format(Locale.ROOT, "%d x %s at %s W for %s h", in.count(),
                    name, num(watts), num(in.hours())), Energy.ofKilowattHours(in.count() * watts * in.hours() / 1000),
                    source, null));
        }
        if (in.cpu().isPresent()) {
            CpuCatalog.Cpu c = cpus.find(in.cpu().get()).orElseThrow(() -> new UserException(
                    "unknown CPU '" + in.cpu().get() + "'; give a model from the catalog, e.g. 'Xeon Gold 6148' or"
                            + " 'AMD EPYC 7763'"));
            int cores = in.cpuCores() > 0 ? in.cpuCores() : c.cores();
            double watts = cores * c.tdpPerCoreWatts();
            parts.add(new Part("cpu", String.format(Locale.ROOT, "%d cores of %s at %s W per core for %s h", cores,
                    c.model(), num(c.tdpPerCoreWatts()), num(in.hours())),
                    Energy.ofKilowattHours(watts * in.hours() / 1000), c.source(), null));
        }
        in.generation().ifPresent(m -> parts.add(specpower(m, in.vcpus(), in.load(), in.hours())));
        if (in.ramGb() > 0) {
            parts.add(new Part("ram", String.format(Locale.ROOT, "%s GB at %s W/GB for %s h", num(in.ramGb()),
                    num(in.ramWattsPerGb()), num(in.hours())),
                    Energy.ofKilowattHours(in.ramGb() * in.ramWattsPerGb() * in.hours() / 1000),
                    "Green Algorithms memoryPower", null));
        }
        Energy it = parts.stream().map(Part::energy).reduce(Energy.ZERO, Energy::plus);
        return new Result(parts, it, Energy.ofJoules(it.joules() * pue.value()), CarbonAccountant.co2e(it, pue, ci),
                pue, ci, notes, totalBand(parts, it));
    }

    /**
     * The CPU part of a SPECpower model: every vCPU at the model's per-thread watts at {@code load}, on the line
     * between active idle and 100 % (the results hold only those two ends), the whole VM's attribution. The band's
     * ends put idle and full load at their band's ends together, as servers that draw more at idle draw more at full
     * load, and its high end follows the highest of the load-curve forms at that load ({@link LoadCurve}: the line's
     * form error at partial load).
     */
    static Part specpower(SpecpowerModels.Model m, int vcpus, double load, double hours) {
        double mid = at(m.idle().median(), m.full().median(), load);
        double lo = at(m.idle().low(), m.full().low(), load);
        double hi = at(m.idle().high(), m.full().high(), LoadCurve.load().highFraction(load));
        String basis = "SPECpower, " + m.basis(true) + (load > 0 && load < 1 ? "; " + LoadCurve.BASIS : "");
        return new Part("cpu", String.format(Locale.ROOT, "%d vCPUs at %s %% load x %s W per thread [%s, %s] for %s h",
                vcpus, num(load * 100), Numbers.significant(mid, 4), Numbers.significant(lo, 4),
                Numbers.significant(hi, 4), num(hours)), Energy.ofKilowattHours(vcpus * mid * hours / 1000),
                "SPECpower model: " + m.basis(true) + "; whole VM: every vCPU, busy or idle; "
                        + SpecpowerModels.VERSION, new Band(lo / mid, hi / mid, basis));
    }

    private static double at(double idle, double full, double load) {
        return idle + (full - idle) * load;
    }

    private static Band totalBand(List<Part> parts, Energy it) {
        List<Part> banded = parts.stream().filter(p -> p.band() != null).toList();
        if (banded.isEmpty() || !(it.joules() > 0)) {
            return null;
        }
        org.carbonlab.stats.Interval ends = Band.ends(parts, p -> p.energy().joules(), Part::band);
        return new Band(ends.low() / it.joules(), ends.high() / it.joules(), String.join("; ", banded.stream()
                .map(p -> p.band().basis()).distinct().toList())
                + (banded.size() < parts.size() ? " (the other parts at their figures)" : ""));
    }

    /** Formats a number without trailing zeros. */
    static String num(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
