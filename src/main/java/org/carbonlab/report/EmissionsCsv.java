package org.carbonlab.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonlab.experiment.TrialRecord;
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

    private EmissionsCsv() {
    }

    @SuppressWarnings("unchecked")
    static String render(StudyReport.Context c, List<TrialRecord> trials) {
        Map<String, Object> hw = (Map<String, Object>) c.manifest().get("hardware");
        Map<String, Object> carbon = (Map<String, Object>) c.manifest().get("carbon");
        Map<String, Object> spec = (Map<String, Object>) c.manifest().get("spec");
        Map<String, Object> carbonSpec = (Map<String, Object>) spec.get("carbon");
        String zone = String.valueOf(carbon.get("zone"));
        String region = carbonSpec.get("region") == null ? "" : String.valueOf(carbonSpec.get("region"));
        boolean cloud = region.contains(":");
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (TrialRecord t : trials) {
            if (!t.ok() || t.energyJ() == null) {
                continue;
            }
            double cpu = kind(t, "cpu");
            double gpu = kind(t, "gpu");
            double ram = kind(t, "ram");
            double kwh = t.energyJ() / 3.6e6;
            double kg = StudyReport.co2eGrams(c, t.energyJ()) / 1000.0;
            double s = t.wallSeconds();
            String[] row = {
                t.startedUtc().replaceFirst("\\.\\d+Z$", "").replace("Z", ""), c.study(), c.runId() + "/" + t.id(),
                t.variant(), num(s), num(kg), num(kg / s), "", "", "",
                num(cpu / s), num(gpu / s), num(ram / s), num(cpu / 3.6e6), num(gpu / 3.6e6), num(ram / 3.6e6),
                num(kwh), "0", zone, zone.length() == 2 || zone.length() == 3 ? zone : "", zone,
                cloud ? region.substring(0, region.indexOf(':')) : "", cloud ? region.substring(region.indexOf(':') + 1)
                    : "", String.valueOf(hw.get("os")), "", "carbonlab " + version(c),
                String.valueOf(hw.get("logical_cpus")), String.valueOf(hw.get("cpu")),
                String.valueOf(hw.get("gpu")).startsWith("none") ? "0" : "1",
                String.valueOf(hw.get("gpu")).startsWith("none") ? "" : String.valueOf(hw.get("gpu")), "", "",
                String.valueOf(hw.get("memory_gib")), "process", cloud ? "Y" : "N", num(c.pue()), "0"};
            sb.append(java.util.Arrays.stream(row).map(Csv::field).collect(Collectors.joining(","))).append('\n');
        }
        return sb.toString();
    }

    /** Joules of the trial's channels in the total that power {@code kind}: cpu (any CPU domain), ram, gpu. */
    private static double kind(TrialRecord t, String kind) {
        double sum = 0;
        for (TrialRecord.Device d : t.devices()) {
            String k = switch (d.kind()) {
                case "GPU" -> "gpu";
                case "DRAM", "RAM" -> "ram";
                default -> "cpu";
            };
            if (d.inTotal() && k.equals(kind) && d.energyJ() != null) {
                sum += d.energyJ();
            }
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static String version(StudyReport.Context c) {
        return String.valueOf(((Map<String, Object>) c.manifest().get("software")).get("carbonlab"));
    }

    private static String num(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "";
    }
}
