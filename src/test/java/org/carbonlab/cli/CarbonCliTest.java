package org.carbonlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.carbonlab.carbon.ElectricityMapsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarbonCliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void estimatePrintsTheSeedsWorkedExampleExactly() {
        assertEquals(0, run("estimate", "--gpu", "A100", "--count", "8", "--hours", "120", "--pue", "1.2",
                "--intensity", "0.350"));
        String text = out.toString();
        assertTrue(text.contains("accelerators             384 kWh"), text);
        assertTrue(text.contains("total energy           460.8 kWh"), text);
        assertTrue(text.contains("CO2e                  161.28 kg CO2e"), text);
        assertTrue(text.contains("km by an average passenger car"), text);
        assertTrue(text.contains("home-years"), text);
    }

    @Test
    void estimateJsonCarriesEveryFactorAndItsSource() throws IOException {
        assertEquals(0, run("estimate", "--gpu", "H100-PCIe", "--count", "2", "--hours", "10", "--region", "FR",
                "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(7.0, j.get("it_energy_kwh").asDouble(), 1e-9);           // 2 x 350 W x 10 h
        assertEquals(1.59, j.get("pue").asDouble(), 1e-9);
        assertEquals("FR", j.get("intensity").get("zone").asText());
        assertEquals("average", j.get("intensity").get("type").asText());
        assertEquals("location-based", j.get("intensity").get("basis").asText());
        double g = j.get("intensity").get("g_per_kwh").asDouble();
        assertEquals(7.0 * 1.59 * g / 1000, j.get("co2e_kg").asDouble(), 1e-9);
        assertTrue(j.get("carbon_table").asText().startsWith("carbonlab-intensity-v1"));
    }

    @Test
    void aVmJobByItsCpuGenerationCarriesTheBandIntoEveryFigure() throws IOException {
        assertEquals(0, run("estimate", "--cpu-generation", "sapphirerapids", "--vcpus", "8", "--load", "0.25",
                "--hours", "100", "--intensity", "0.2", "--pue", "1.1", "--json"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        org.carbonlab.hardware.SpecpowerModels.Model spr = org.carbonlab.hardware.SpecpowerModels.load()
                .named("sapphirerapids");
        double perThread = spr.idle().median() + (spr.full().median() - spr.idle().median()) * 0.25;
        assertEquals(8 * perThread * 100 / 1000, j.get("it_energy_kwh").asDouble(), 1e-9);
        double low = spr.idle().low() + (spr.full().low() - spr.idle().low()) * 0.25;
        assertEquals(8 * low * 100 / 1000 * 1.1 * 0.2, j.get("co2e_kg_low").asDouble(), 1e-9);
        assertTrue(j.get("equivalents").get(0).has("amount_high"), j.toString());
        assertTrue(j.get("band_basis").asText().contains("61 SPECpower servers of sapphirerapids"), j.toString());
        // the high end: the band's high ends on the highest of the load-curve forms at 25 % load, not on the line
        double form = org.carbonlab.hardware.LoadCurve.load().highFraction(0.25);
        assertTrue(form > 0.25 + 0.2, "the forms draw well above the line at 25 %: " + form);
        double high = spr.idle().high() + (spr.full().high() - spr.idle().high()) * form;
        assertEquals(8 * high * 100 / 1000 * 1.1 * 0.2, j.get("co2e_kg_high").asDouble(), 1e-9);
        assertTrue(j.get("band_basis").asText().contains("% band at idle and 100 % together")
                && j.get("band_basis").asText().contains("form error at partial load"), j.toString());
    }

    @Test
    void badInputExitsWith2AndNamesTheValidForm() {
        assertEquals(2, run("estimate", "--gpu", "A100", "--hours", "-1", "--intensity", "0.3"));
        assertTrue(err.toString().contains("--hours must be a positive number"), err.toString());
        assertEquals(2, run("estimate", "--gpu", "Voodoo5", "--hours", "1", "--intensity", "0.3"));
        assertTrue(err.toString().contains("unknown GPU 'Voodoo5'; known: ["), err.toString());
        assertEquals(2, run("estimate", "--gpu", "A100", "--hours", "1", "--pue", "0.8", "--intensity", "0.3"));
        assertTrue(err.toString().contains("PUE must be between 1.0 and 5.0"), err.toString());
        assertEquals(2, run("estimate", "--gpu", "A100", "--hours", "1", "--intensity", "350"));
        assertTrue(err.toString().contains("it looks like g/kWh. Write --intensity 0.35 (kg/kWh)"), err.toString());
    }

    @Test
    void unknownRegionIsRefusedAndTheWorldAverageIsAskedFor() {
        assertEquals(2, run("estimate", "--gpu", "T4", "--hours", "1", "--region", "XX-Mars"));
        assertTrue(err.toString().startsWith("carbonlab: unknown region 'XX-Mars'"), err.toString());
        assertEquals(0, run("estimate", "--gpu", "T4", "--hours", "1", "--region", "WORLD"));
        assertTrue(out.toString().contains("x 0.475 kg/kWh"), out.toString());
    }

    @Test
    void whatIfShowsTheExactReduction() {
        assertEquals(0, run("whatif", "--energy-kwh", "1000", "--regions", "US-VA,SE3", "--pue", "1.2"));
        String t = out.toString();
        // SE3 18 g/kWh vs US-VA 308 g/kWh: 18/308 - 1 = -94.16 %
        assertTrue(t.contains("-94.16%"), t);
        assertTrue(t.indexOf("SE3") < t.indexOf("US-VA  "), "sorted by CO2e:\n" + t);
    }

    @Test
    void scheduleFindsTheCleanestWindowAndRefusesAnImpossibleDeadline() throws IOException {
        StringBuilder csv = new StringBuilder("datetime,zone,carbon_intensity\n");
        int[] de = {400, 380, 120, 110, 130, 390};
        for (int h = 0; h < de.length; h++) {
            csv.append(String.format("2026-12-01T%02d:00:00Z,DE,%d%n", h, de[h]));
            csv.append(String.format("2026-12-01T%02d:00:00Z,FR,%d%n", h, 60));
        }
        Path f = Files.writeString(dir.resolve("s.csv"), csv);
        assertEquals(0, run("schedule", "--duration", "3h", "--series", f.toString(), "--regions", "DE"));
        assertTrue(out.toString().contains("best:  start 2026-12-01T02:00:00Z in DE: mean 120.000"), out.toString());
        assertTrue(out.toString().contains("now:   start 2026-12-01T00:00:00Z in DE: mean 300.000"), out.toString());
        assertTrue(out.toString().contains("saving: 60.00% less CO2e"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("schedule", "--duration", "3h", "--series", f.toString(), "--regions", "DE,FR"));
        assertTrue(out.toString().contains("in FR: mean 60.000"), out.toString());
        assertEquals(2, run("schedule", "--duration", "6h", "--series", f.toString(), "--regions", "DE",
                "--deadline", "2026-12-01T04:00:00Z"));
        assertTrue(err.toString().contains("a 6h job cannot start at 2026-12-01T00:00:00Z or later and end by the"
                + " deadline 2026-12-01T04:00:00Z"), err.toString());
    }

    @Test
    void measureWithARegionRecordsCo2eAndTheTableVersion() throws IOException {
        Path o = dir.resolve("m");
        assertEquals(0, run("measure", "--source", "estimate", "--region", "SE3", "--pue", "1.1", "--out",
                o.toString(), "--", "sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"));
        JsonNode s = new ObjectMapper().readTree(o.resolve("summary.json").toFile());
        JsonNode c = s.get("carbon");
        assertEquals(18.0, c.get("intensity").get("g_per_kwh").asDouble(), 1e-9);
        assertEquals(s.get("window").get("total_kwh").asDouble() * 1.1 * 18.0, c.get("co2e_g").asDouble(), 1e-9);
        assertTrue(c.get("carbon_table").asText().startsWith("carbonlab-intensity-v1"));
        assertTrue(err.toString().contains("CO2e: "), err.toString());
    }

    @Test
    void badCarbonSettingsStopMeasureBeforeTheCommandRuns() {
        Path marker = dir.resolve("ran");
        assertEquals(2, run("measure", "--source", "estimate", "--pue", "0.5", "--out", dir.resolve("o").toString(),
                "--", "touch", marker.toString()));
        assertTrue(Files.notExists(marker));
    }

    @Test
    void theTokenNeverReachesOutputOrAnyWrittenFile() throws Exception {
        String token = "secret-token-9d2e7b41";
        try (var api = new org.carbonlab.carbon.ElectricityMapsClientTestAccess.Server()) {
            Path o = dir.resolve("tok");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "measure", "--source",
                    "estimate", "--region", "DE", "--out", o.toString(), "--", "true"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put(ElectricityMapsClient.TOKEN_ENV, token);
            pb.environment().put(ElectricityMapsClient.URL_ENV, api.base401().toString());
            Process p = pb.start();
            String console = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), console);
            assertTrue(console.contains("HTTP 401") && console.contains("fell back to the table"), console);
            assertFalse(console.contains(token), "token printed:\n" + console);
            try (Stream<Path> files = Files.walk(o)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(f).contains(token), "token written to " + f);
                }
            }
            assertTrue(Files.readString(o.resolve("summary.json")).contains("HTTP 401"));
            assertTrue(api.sawToken(token), "the token must still be sent to the API");
        }
    }
}
