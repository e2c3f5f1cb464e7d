package org.carbonlab.report.tools;

import org.carbonlab.util.Numbers;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.carbonlab.carbon.CarbonAwareScheduler;
import org.carbonlab.carbon.CarbonIntensity;
import org.carbonlab.carbon.Equivalences;
import org.carbonlab.carbon.Footprint;
import org.carbonlab.carbon.JobEstimate;
import org.carbonlab.carbon.RegionWhatIf;
import org.carbonlab.power.Band;

/** Renders carbon accounts (estimates, what-ifs, schedules, measured footprints) as text and JSON. */
public final class CarbonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CarbonReport() {
    }

    /**
     * Returns an estimate as text: energy per part, total, CO2e, the factors and the equivalents; where a part is a
     * model's (SPECpower), every figure it enters carries the band ("(band 0.087 to 0.16)") and the band's basis.
     */
    public static String text(JobEstimate.Result r, List<Equivalences.Equivalent> eq, String tableVersion) {
        StringBuilder sb = new StringBuilder();
        Band b = r.band();
        for (JobEstimate.Part p : r.parts()) {
            sb.append(String.format(Locale.ROOT, "%-13s %14s kWh%s   %s%n", p.part(), kwh(p.energy().kilowattHours()),
                    band(p.band(), p.energy().kilowattHours(), CarbonReport::kwh), p.description()));
        }
        sb.append(String.format(Locale.ROOT, "%-13s %14s kWh%s%n", "IT energy", kwh(r.itEnergy().kilowattHours()),
                band(b, r.itEnergy().kilowattHours(), CarbonReport::kwh)));
        sb.append(String.format(Locale.ROOT, "%-13s %14s kWh%s   x PUE %s (%s)%n", "total energy",
                kwh(r.facilityEnergy().kilowattHours()), band(b, r.facilityEnergy().kilowattHours(), CarbonReport::kwh),
                Numbers.plain(r.pue().value()), r.pue().source()));
        sb.append(String.format(Locale.ROOT, "%-13s %14s kg CO2e%s   x %s kg/kWh (%s)%n", "CO2e",
                kwh(r.co2e().kilograms()), band(b, r.co2e().kilograms(), CarbonReport::kwh),
                Numbers.significant(r.intensity().kgPerKwh(), 4), r.intensity().provenance()));
        for (Equivalences.Equivalent e : eq) {
            sb.append(String.format(Locale.ROOT, "  = %s %s%s  [%s]%n", Numbers.rounded(e.amount()), e.unit(),
                    band(b, e.amount(), Numbers::rounded), e.source()));
        }
        if (b != null) {
            sb.append("band: ").append(b.basis()).append(" (an estimate's range, not a measurement's error)\n");
        }
        sb.append("sources of power figures:\n");
        for (JobEstimate.Part p : r.parts()) {
            sb.append("  ").append(p.part()).append(": ").append(p.source()).append('\n');
        }
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        sb.append("carbon table: ").append(tableVersion).append('\n');
        return sb.toString();
    }

    private static String band(Band b, double figure, java.util.function.DoubleFunction<String> format) {
        return b == null ? "" : " (band " + format.apply(figure * b.low()) + " to " + format.apply(figure * b.high())
                + ")";
    }

    /** Returns an estimate as JSON; a banded figure has {@code _low} and {@code _high} beside it. */
    public static String json(JobEstimate.Result r, List<Equivalences.Equivalent> eq, String tableVersion) {
        ObjectNode root = JSON.createObjectNode();
        Band b = r.band();
        ArrayNode parts = root.putArray("parts");
        for (JobEstimate.Part p : r.parts()) {
            ObjectNode o = parts.addObject();
            o.put("part", p.part());
            o.put("description", p.description());
            banded(o, "energy_kwh", p.energy().kilowattHours(), p.band());
            o.put("source", p.source());
        }
        banded(root, "it_energy_kwh", r.itEnergy().kilowattHours(), b);
        root.put("pue", r.pue().value());
        root.put("pue_source", r.pue().source());
        banded(root, "total_energy_kwh", r.facilityEnergy().kilowattHours(), b);
        intensity(root.putObject("intensity"), r.intensity());
        banded(root, "co2e_kg", r.co2e().kilograms(), b);
        ArrayNode eqs = root.putArray("equivalents");
        for (Equivalences.Equivalent e : eq) {
            ObjectNode o = eqs.addObject();
            o.put("id", e.id());
            banded(o, "amount", e.amount(), b);
            o.put("unit", e.unit());
            o.put("source", e.source());
        }
        if (b != null) {
            root.put("band_basis", b.basis());
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        root.put("carbon_table", tableVersion);
        return write(root);
    }

    private static void banded(ObjectNode o, String name, double figure, Band b) {
        o.put(name, figure);
        if (b != null) {
            o.put(name + "_low", figure * b.low());
            o.put(name + "_high", figure * b.high());
        }
    }

    /** Fills a JSON object with an intensity and its provenance. */
    public static void intensity(ObjectNode o, CarbonIntensity ci) {
        o.put("g_per_kwh", ci.gramsPerKwh());
        o.put("zone", ci.zone());
        if (ci.year() > 0) {
            o.put("year", ci.year());
        }
        o.put("type", ci.type().label());
        o.put("basis", "location-based");
        o.put("source", ci.source());
    }

    /** Returns a footprint as JSON (for measure's summary). */
    public static ObjectNode json(Footprint f, String tableVersion) {
        ObjectNode o = JSON.createObjectNode();
        o.put("co2e_g", f.total().grams());
        o.put("it_energy_kwh", f.itEnergy().kilowattHours());
        o.put("facility_energy_kwh", f.facilityEnergy().kilowattHours());
        o.put("pue", f.pue().value());
        o.put("pue_source", f.pue().source());
        intensity(o.putObject("intensity"), f.intensity());
        ArrayNode devices = o.putArray("devices");
        for (Footprint.DeviceFootprint d : f.devices()) {
            ObjectNode n = devices.addObject();
            n.put("channel", d.channelId());
            org.carbonlab.results.Json.put(n, "co2e_g", d.co2e().grams());
        }
        ArrayNode notes = o.putArray("notes");
        f.notes().forEach(notes::add);
        o.put("carbon_table", tableVersion);
        return o;
    }

    /** Returns a footprint as two text lines. */
    public static String text(Footprint f) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "CO2e: %s g  (%s kWh IT x PUE %s x %s gCO2e/kWh; %s)%n", Numbers.people(f.total().grams()),
                Numbers.people(f.itEnergy().kilowattHours()), Numbers.plain(f.pue().value()), Numbers.plain(f.intensity().gramsPerKwh()),
                f.intensity().provenance()));
        f.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.toString();
    }

    /** Returns a what-if table, lowest CO2e first. */
    public static String text(List<RegionWhatIf.Row> rows, double kwh) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s kWh of IT energy, priced per region and"
                + " PUE (baseline: the first region at the first PUE)%n", kwh(kwh)));
        sb.append(String.format(Locale.ROOT, "%-24s %10s %6s %6s %14s %10s  %s%n", "region", "gCO2e/kWh", "year",
                "PUE", "kg CO2e", "vs base", "source"));
        for (RegionWhatIf.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-24s %10s %6s %6s %14s %9s%%  %s%n", r.region(),
                    Numbers.plain(r.intensity().gramsPerKwh()), r.intensity().year() > 0 ? r.intensity().year() : "n/a",
                    Numbers.plain(r.pue().value()), kwh(r.co2e().kilograms()),
                    String.format(Locale.ROOT, "%+.2f", 100 * r.changeVsBaseline()), r.intensity().source()));
        }
        return sb.toString();
    }

    /** Returns a schedule as text. */
    public static String text(CarbonAwareScheduler.Plan p) {
        return String.format(Locale.ROOT, "best:  start %s in %s: mean %s gCO2e/kWh, %s kg CO2e%n"
                        + "now:   start %s in %s: mean %s gCO2e/kWh, %s kg CO2e%n"
                        + "saving: %.2f%% less CO2e than starting now%n",
                p.best().start(), p.best().zone(), Numbers.fixed(p.best().intensity(), 3), Numbers.fixed(p.best().co2e().kilograms(), 3),
                p.now().start(), p.now().zone(), Numbers.fixed(p.now().intensity(), 3), Numbers.fixed(p.now().co2e().kilograms(), 3),
                100 * p.savingRatio());
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An amount in kWh or kg: six decimals at most, but four significant digits where that would round it away. */
    private static String kwh(double v) {
        if (v != 0 && Math.abs(v) < 0.01) {
            return Numbers.significant(v, 4);
        }
        return String.format(Locale.ROOT, "%,.6f", v).replaceAll("\\.?0+$", "");
    }
}
