package org.carbonlab.report.tools;

import org.carbonlab.util.Numbers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.carbonlab.stats.Interval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.carbonlab.carbon.Footprint;
import org.carbonlab.measure.CommandMeter;
import org.carbonlab.power.DeviceEnergy;
import org.carbonlab.power.IdleBaseline;
import org.carbonlab.power.SourceStatus;
import org.carbonlab.power.WindowEnergy;
import org.carbonlab.util.UserException;

/**
 * Renders a measured command as a text table (for the terminal) and as {@code summary.json}. Unknown figures are
 * {@code null} in JSON and {@code n/a} in text, always with their reason.
 */
public final class MeasurementReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MeasurementReport() {
    }

    /** Writes {@code summary.json}, with the run's carbon footprint. */
    public static void writeJson(CommandMeter.Result r, Footprint f, String tableVersion) throws IOException {
        ObjectNode root = toJson(r);
        ObjectNode carbon = CarbonReport.json(f, tableVersion);
        band(r).ifPresent(b -> putCo2eBand(carbon, f, r.measurement().whole(), b));
        root.set("carbon", carbon);
        Files.writeString(r.summary(), JSON.writeValueAsString(root) + "\n");
    }

    /**
     * The band of a measurement's total as factors of it, and what it is, from its {@code summary.json} (empty: a
     * measured figure, or a model without a band).
     */
    public static java.util.Optional<String> totalBand(Path summary) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(summary.toFile());
        com.fasterxml.jackson.databind.JsonNode w = root.path("window");
        if (!w.path("total_low_j").isNumber() || !w.path("total_j").isNumber() || w.path("total_j").asDouble() <= 0) {
            return java.util.Optional.empty();
        }
        double total = w.path("total_j").asDouble();
        return java.util.Optional.of(String.format(Locale.ROOT, "band: every energy and CO2e figure above lies in"
                + " [%sx, %sx] of itself (%s)", Numbers.people(w.path("total_low_j").asDouble() / total),
                Numbers.people(w.path("total_high_j").asDouble() / total), root.path("band").path("basis").asText()));
    }

    /** Reads the total IT energy of a measurement from its {@code summary.json}. */
    public static org.carbonlab.power.Energy totalEnergy(Path summary) throws IOException {
        com.fasterxml.jackson.databind.JsonNode total;
        try {
            total = JSON.readTree(summary.toFile()).path("window").path("total_j");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException(summary + " is not a measurement's summary.json (carbonlab measure):"
                    + " " + e.getOriginalMessage(), e);
        }
        if (!total.isNumber()) {
            throw new UserException(summary + ": no known total energy (window.total_j) in this summary");
        }
        return org.carbonlab.power.Energy.ofJoules(total.asDouble());
    }

    /** Returns the JSON tree of a result. */
    public static ObjectNode toJson(CommandMeter.Result r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "carbonlab-measure-v1");
        ArrayNode cmd = root.putArray("command");
        r.command().forEach(cmd::add);
        root.put("exit_code", r.exitCode());
        root.put("interrupted", r.interrupted());
        ObjectNode whole = window(r.measurement().whole());
        band(r).ifPresent(b -> { // the estimate's model band: see "band" below
            org.carbonlab.results.Json.put(whole, "total_low_j", b.low());
            org.carbonlab.results.Json.put(whole, "total_high_j", b.high());
        });
        for (com.fasterxml.jackson.databind.JsonNode d : whole.get("devices")) {
            org.carbonlab.power.Band b = r.bands().get(d.get("channel").asText());
            if (b != null && d.get("energy_j").isNumber()) {
                ((ObjectNode) d).put("energy_low_j", d.get("energy_j").asDouble() * b.low());
                ((ObjectNode) d).put("energy_high_j", d.get("energy_j").asDouble() * b.high());
            }
        }
        root.set("window", whole);
        // the total's band: a channel shown beside the total (the whole VM's) keeps its own band on its device line
        org.carbonlab.power.Band one = org.carbonlab.power.Band.ofTotalBand(
                r.measurement().whole(), r.bands());
        if (one != null) {
            ObjectNode band = root.putObject("band");
            band.put("low", one.low());
            band.put("high", one.high());
            band.put("basis", one.basis());
        }
        if (Double.isFinite(r.meter().cpuSeconds())) {
            ObjectNode meter = root.putObject("meter"); // what measuring cost, inside the figures above
            meter.put("cpu_seconds", r.meter().cpuSeconds());
            meter.put("share_of_one_core", r.meter().shareOfCore(r.measurement().whole().durationSeconds()));
            meter.put("energy_j", r.meter().energyJ());
            meter.put("provenance", r.meter().provenance());
        }
        idleBaseline(root, r);
        sources(root.putArray("sources"), r.measurement().sources());
        ArrayNode errors = root.putArray("sampler_errors");
        r.measurement().samplerErrors().forEach(errors::add);
        root.put("trace", r.trace().getFileName().toString());
        captures(root, r);
        return root;
    }

    /** The idle baseline and the static/dynamic split of each channel, where one was measured. */
    private static void idleBaseline(ObjectNode root, CommandMeter.Result r) {
        r.idle().ifPresent(idle -> {
            ObjectNode node = root.putObject("idle_baseline");
            node.set("window", window(idle.window()));
            ArrayNode splits = node.putArray("split");
            for (IdleBaseline.Split s : idle.split(r.measurement().whole())) {
                ObjectNode o = splits.addObject();
                o.put("channel", s.channelId());
                org.carbonlab.results.Json.put(o, "static_j", s.staticEnergy().joules());
                org.carbonlab.results.Json.put(o, "dynamic_j", s.dynamicEnergy().joules());
            }
        });
    }

    /** What each {@code --capture} found in the command's output. */
    private static void captures(ObjectNode root, CommandMeter.Result r) {
        if (!r.captured().isEmpty()) {
            ObjectNode captures = root.putObject("captures"); // --capture: what the command said in its own words
            r.captured().forEach((name, f) -> {
                ObjectNode o = captures.putObject(name);
                if (f.value() == null) {
                    o.putNull("value");
                } else {
                    o.put("value", f.value());
                }
                o.put("where", f.where());
                o.put("text", f.text());
                o.put("problem", f.problem());
            });
        }
    }

    /** The low and high ends of the measured window's total under the estimate's band (empty: no band). */
    private static java.util.Optional<Interval> band(CommandMeter.Result r) {
        return org.carbonlab.power.Band.totalEnds(r.measurement().whole(), r.bands());
    }

    /** "band: total J [low, high]; CO2e g [low, high] (basis)" for a text report; empty without a band. */
    static String bandLine(WindowEnergy w, Footprint f, java.util.Map<String, org.carbonlab.power.Band> bands) {
        return org.carbonlab.power.Band.totalEnds(w, bands).map(b -> {
            Interval g = co2eEnds(f, w, b);
            return String.format(Locale.ROOT, "band:   total %s J [%s, %s]; CO2e %s g [%s, %s] (%s)%n",
                    Numbers.fixed(w.total().joules(), 3), Numbers.fixed(b.low(), 3), Numbers.fixed(b.high(), 3),
                    Numbers.people(f.total().kilograms() * 1000), Numbers.people(g.low()), Numbers.people(g.high()),
                    org.carbonlab.power.Band.ofTotalBand(w, bands).basis());
        }).orElse("");
    }

    /**
     * {@code f}'s CO2e in grams with its ends where {@code w}'s total energy lies in {@code ends} J: CO2e is energy x
     * PUE x intensity, so its band is the energy's.
     */
    static Interval co2eEnds(Footprint f, WindowEnergy w, Interval ends) {
        return ends.times(f.total().grams() / w.total().joules());
    }

    /** Puts {@link #co2eEnds} into a carbon JSON object as {@code co2e_g_low} and {@code co2e_g_high}. */
    static void putCo2eBand(ObjectNode carbon, Footprint f, WindowEnergy w, Interval ends) {
        Interval g = co2eEnds(f, w, ends);
        org.carbonlab.results.Json.put(carbon, "co2e_g_low", g.low());
        org.carbonlab.results.Json.put(carbon, "co2e_g_high", g.high());
    }

    /** Adds every source's status, with its detail and notes, to {@code out}. */
    static void sources(ArrayNode out, List<SourceStatus> statuses) {
        for (SourceStatus s : statuses) {
            ObjectNode o = out.addObject();
            o.put("source", s.source());
            o.put("available", s.available());
            o.put("detail", s.detail());
            ArrayNode notes = o.putArray("notes");
            s.notes().forEach(notes::add);
        }
    }

    private static ObjectNode window(WindowEnergy w) {
        ObjectNode o = JSON.createObjectNode();
        o.put("label", w.label());
        org.carbonlab.results.Json.put(o, "start_s", w.startSeconds());
        org.carbonlab.results.Json.put(o, "duration_s", w.durationSeconds());
        org.carbonlab.results.Json.put(o, "total_j", w.total().joules());
        org.carbonlab.results.Json.put(o, "total_kwh", w.total().kilowattHours());
        org.carbonlab.results.Json.put(o, "mean_power_w", w.meanPower().watts());
        o.put("total_provenance", w.totalProvenance().label());
        o.put("total_note", w.totalNote());
        ArrayNode devices = o.putArray("devices");
        for (DeviceEnergy d : w.devices()) {
            ObjectNode n = devices.addObject();
            n.put("channel", d.channel().id());
            n.put("kind", d.channel().kind().label());
            n.put("description", d.channel().description());
            n.put("in_total", d.channel().inTotal());
            org.carbonlab.results.Json.put(n, "energy_j", d.energy().joules());
            org.carbonlab.results.Json.put(n, "mean_power_w", d.meanPower().watts());
            org.carbonlab.results.Json.put(n, "peak_power_w", d.peakPower().watts());
            org.carbonlab.results.Json.put(n, "coverage", d.coverage());
            n.put("provenance", d.provenance().label());
            n.put("note", d.note());
        }
        return o;
    }

    /** Prints the result as a table, the assumptions, and where the files are. */
    public static void printText(CommandMeter.Result r, Footprint f, PrintWriter out) {
        WindowEnergy w = r.measurement().whole();
        out.printf(Locale.ROOT, "%ncarbonlab measure: '%s' %s with exit code %d after %.2f s%n",
                String.join(" ", r.command()), r.interrupted() ? "was interrupted" : "exited", r.exitCode(),
                w.durationSeconds());
        out.print(table(w));
        out.print(bandLine(w, f, r.bands()));
        out.printf(Locale.ROOT, "the meter itself: %s CPU-s (%s %% of one core), about %s J (%s)%n",
                Numbers.fixed(r.meter().cpuSeconds(), 3), Numbers.fixed(100 * r.meter().shareOfCore(
                w.durationSeconds()), 2), Numbers.fixed(r.meter().energyJ(), 3), r.meter().provenance());
        out.print(CarbonReport.text(f));
        r.captured().forEach((name, c) -> out.println("captured " + name + ": " + (c.value() == null
                ? "n/a, " + c.problem() : Numbers.people(c.value()) + (c.unit().isEmpty() ? "" : " " + c.unit())
                + " (" + c.where() + ")")));
        r.idle().ifPresent(idle -> {
            out.printf(Locale.ROOT, "idle baseline over %.1f s: static (idle power x duration) vs dynamic energy%n",
                    idle.window().durationSeconds());
            for (IdleBaseline.Split s : idle.split(w)) {
                out.printf(Locale.ROOT, "  %-24s static %s J  dynamic %s J%n", s.channelId(),
                        Numbers.fixed(s.staticEnergy().joules(), 3), Numbers.fixed(s.dynamicEnergy().joules(), 3));
            }
        });
        out.println("sources:");
        for (SourceStatus s : r.measurement().sources()) {
            out.printf("  %-9s %s: %s%n", s.source(), s.available() ? "in use" : "unavailable", s.detail());
            for (String n : s.notes()) {
                out.println("            - " + n);
            }
        }
        for (String e : r.measurement().samplerErrors()) {
            out.println("sampler error: " + e);
        }
        out.println("trace:   " + r.trace());
        out.println("summary: " + r.summary());
        out.flush();
    }

    /** Returns a window as an aligned text table with a total row and the notes below. */
    public static String table(WindowEnergy w) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-22s %-8s %12s %12s %9s %9s %9s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "channel", "kind", "energy J", "energy Wh", "mean W", "peak W",
                "coverage", "provenance"));
        for (DeviceEnergy d : w.devices()) {
            sb.append(String.format(Locale.ROOT, fmt, d.channel().id() + (d.channel().inTotal() ? "" : " *"),
                    d.channel().kind().label(), Numbers.fixed(d.energy().joules(), 3), Numbers.fixed(d.energy().wattHours(), 5),
                    Numbers.fixed(d.meanPower().watts(), 2), Numbers.fixed(d.peakPower().watts(), 2),
                    Double.isNaN(d.coverage()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * d.coverage()),
                    d.provenance()));
        }
        sb.append(String.format(Locale.ROOT, fmt, "total", "", Numbers.fixed(w.total().joules(), 3),
                Numbers.fixed(w.total().wattHours(), 5), Numbers.fixed(w.meanPower().watts(), 2), "", "", w.totalProvenance()));
        List<DeviceEnergy> noted = w.devices().stream().filter(d -> d.note() != null).toList();
        List<DeviceEnergy> outside = w.devices().stream().filter(d -> !d.channel().inTotal()).toList();
        if (!outside.isEmpty()) {
            sb.append("* not added to the total: contained in another channel, or another attribution of the same"
                    + " energy (").append(String.join("; ", outside.stream().map(d -> d.channel().id() + ": "
                    + d.channel().description()).toList())).append(")\n");
        }
        for (DeviceEnergy d : noted) {
            sb.append("note ").append(d.channel().id()).append(": ").append(d.note()).append('\n');
        }
        if (w.totalNote() != null) {
            sb.append("note total: ").append(w.totalNote()).append('\n');
        }
        return sb.toString();
    }
}
