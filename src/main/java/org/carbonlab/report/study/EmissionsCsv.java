package org.carbonlab.report.study;

import org.carbonlab.util.Numbers;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.Energy;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.util.Csv;

/**
 * A CodeCarbon-compatible {@code emissions.csv}: CodeCarbon's own columns in its order (its {@code EmissionsData},
 * 3.x, with water and WUE), one row per finished trial, in its units: seconds, kg CO2e, kg/s, W, kWh, GB.
 * {@code tracking_mode} is {@code process} (the trial's process tree) and {@code codecarbon_version} names the
 * writer, so a dashboard that reads CodeCarbon's files reads ours and can still tell them apart.
 */
public final class EmissionsCsv {

    /** CodeCarbon's header, exactly. */
    public static final List<String> HEADER = List.of("timestamp", "project_name", "run_id", "experiment_id",
            "duration", "emissions", "emissions_rate", "cpu_utilization_percent", "ram_utilization_percent",
            "ram_used_gb", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy",
            "energy_consumed", "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider",
            "cloud_region", "os", "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count",
            "gpu_model", "longitude", "latitude", "ram_total_size", "tracking_mode", "on_cloud", "pue", "wue");

    /** The band's columns after CodeCarbon's: energy_consumed's and emissions' ends, and what the band is. */
    public static final List<String> BAND_HEADER = List.of("energy_consumed_low", "energy_consumed_high",
            "emissions_low", "emissions_high", "estimate_band");

    private EmissionsCsv() {
    }

    static String render(StudyTable table) {
        StudyTable.Context c = table.context();
        RunManifest.Hardware hw = c.manifest().hardware();
        String zone = String.valueOf(c.manifest().carbon().zone());
        // CodeCarbon's columns: the country's name and ISO 3166 alpha-3 code, the zone (SE3, US-VA) as region
        Optional<IntensityTable.Row> country = IntensityTable.load().countryOf(zone);
        String countryName = country.map(IntensityTable.Row::name).orElse("");
        String iso3 = country.map(r -> r.alias().isEmpty() ? r.code() : r.alias()).orElse("");
        String zoneRegion = country.isPresent() ? zone : "";
        String region = c.manifest().definition().region().orElse("");
        boolean cloud = region.contains(":");
        // an estimate's band, after CodeCarbon's 37 columns (never inside them), only where a trial has one
        boolean banded = table.trials().stream().anyMatch(t -> t.ok() && t.energyBand() != null);
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append(banded ? "," + String.join(",",
                BAND_HEADER) : "").append('\n');
        for (TrialRecord t : table.trials()) {
            if (!t.ok() || t.energyJ() == null) {
                continue;
            }
            Map<DeviceKind, Energy> byKind = t.energyByKind();
            double cpu = joules(byKind, DeviceKind.CPU, DeviceKind.CPU_CORE, DeviceKind.CPU_UNCORE);
            double gpu = joules(byKind, DeviceKind.GPU);
            double ram = joules(byKind, DeviceKind.DRAM, DeviceKind.RAM);
            double kwh = kwh(t.energyJ());
            double kg = c.co2eGrams(t.energyJ()) / 1000.0;
            double s = t.wallSeconds();
            String[] row = {
                t.startedUtc().replaceFirst("\\.\\d+Z$", "").replace("Z", ""), c.study(), c.runId() + "/" + t.id(),
                t.variant(), num(s), num(kg), num(kg / s), "", "", "", num(cpu / s), num(gpu / s), num(ram / s),
                num(kwh(cpu)), num(kwh(gpu)), num(kwh(ram)), num(kwh), "0", countryName,
                iso3, zoneRegion,
                cloud ? region.substring(0, region.indexOf(':')) : "", cloud ? region.substring(region.indexOf(':') + 1)
                    : "", hw.os(), "", "carbonlab " + c.manifest().software().carbonlab(),
                String.valueOf(hw.logicalCpus()), hw.cpu(), hw.hasGpu() ? "1" : "0", hw.hasGpu() ? hw.gpu() : "", "",
                "", String.valueOf(hw.memoryGib()), "process", cloud ? "Y" : "N", num(c.pue()), "0"};
            sb.append(java.util.Arrays.stream(row).map(Csv::field).collect(Collectors.joining(",")));
            if (banded) {
                TrialRecord.EnergyBand b = t.energyBand();
                sb.append(',').append(b == null ? ",,,," : String.join(",", num(kwh(b.lowJ())), num(kwh(b.highJ())),
                        num(c.co2eGrams(b.lowJ()) / 1000.0), num(c.co2eGrams(b.highJ()) / 1000.0), Csv.field(
                        b.basis())));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Joules of the trial's channels in its total that power one of {@code kinds}; a platform channel (RAPL
     * psys, the whole machine) is in none of CodeCarbon's three columns, only in {@code energy_consumed}.
     */
    private static double joules(Map<DeviceKind, Energy> byKind, DeviceKind... kinds) {
        double sum = 0;
        for (DeviceKind k : kinds) {
            sum += byKind.getOrDefault(k, Energy.ZERO).joules();
        }
        return sum;
    }

    private static double kwh(double joules) {
        return Energy.ofJoules(joules).kilowattHours();
    }

    private static String num(double x) {
        return Numbers.machine(x);
    }
}
