package org.carbonlab.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carbonlab.power.Channel;
import org.carbonlab.power.DeviceKind;
import org.carbonlab.power.PowerTrace;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.Reading;
import org.carbonlab.power.Tick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensitySeriesTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Path electricityMapsCsv() throws IOException {
        return Files.writeString(dir.resolve("em.csv"), "\uFEFFDatetime (UTC),Country,Zone Name,Zone Id,"
                + "Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,"
                + "Renewable Percentage,Data Source,Data Estimated,Data Estimation Method\n"
                + "2026-03-01 10:00:00,Germany,Germany,DE,300,400,50,40,src,false,\n"
                + "2026-03-01 11:00:00,Germany,Germany,DE,100,200,50,40,src,false,\n"
                + "2026-03-01 12:00:00,Germany,Germany,DE,500,600,50,40,src,false,\n"
                + "2026-03-01 10:00:00,France,France,FR,20,50,90,30,src,false,\n");
    }

    @Test
    void readsTheElectricityMapsExportLayoutPreferringLifeCycle() throws IOException {
        IntensitySeries s = IntensitySeries.readCsv(electricityMapsCsv());
        assertEquals(List.of("DE", "FR"), s.zones());
        assertEquals(400.0, s.at("DE", T0.plusSeconds(1800)));
        assertEquals(200.0, s.at("DE", T0.plus(Duration.ofHours(1))));
        assertTrue(Double.isNaN(s.at("DE", T0.plus(Duration.ofHours(3)))));
        assertTrue(s.source().contains("(LCA)"));
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "datetime,zone,carbon_intensity\n"
                + "2026-03-01T10:00:00Z,DE,300\nyesterday,DE,12\n");
        org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class, () -> IntensitySeries.readCsv(bad));
        assertTrue(e.getMessage().contains("bad.csv:3: cannot read 'yesterday,DE,12'"), e.getMessage());
        Path noCol = Files.writeString(dir.resolve("nocol.csv"), "when,where,what\n");
        e = assertThrows(org.carbonlab.util.UserException.class, () -> IntensitySeries.readCsv(noCol));
        assertTrue(e.getMessage().contains("nocol.csv:1: no column named datetime"), e.getMessage());
    }

    @Test
    void weightsByEnergyPerHourNotByTime() throws IOException {
        IntensitySeries s = IntensitySeries.readCsv(electricityMapsCsv());
        // 30 min at 10:30-11:00 drawing 3 kWh, then 30 min at 11:00-11:30 drawing 1 kWh:
        // by energy (3 x 400 + 1 x 200) / 4 = 350; by time it would be 300
        List<EnergyInterval> p = List.of(
                new EnergyInterval(T0.plusSeconds(1800), T0.plusSeconds(3600), 3 * 3.6e6),
                new EnergyInterval(T0.plusSeconds(3600), T0.plusSeconds(5400), 1 * 3.6e6));
        assertEquals(350.0, s.weighted("DE", p).gramsPerKwh(), 1e-9);
        // one interval straddling 11:00 is split in proportion to time: 45 min in hour 10, 15 min in hour 11
        List<EnergyInterval> q = List.of(new EnergyInterval(T0.plusSeconds(900), T0.plusSeconds(4500), 4 * 3.6e6));
        assertEquals(0.75 * 400 + 0.25 * 200, s.weighted("DE", q).gramsPerKwh(), 1e-9);
        org.carbonlab.util.UserException e = assertThrows(org.carbonlab.util.UserException.class, () -> s.weighted("DE",
                List.of(new EnergyInterval(T0.plus(Duration.ofHours(5)), T0.plus(Duration.ofHours(6)), 1))));
        assertTrue(e.getMessage().contains("must cover the whole run"), e.getMessage());
    }

    @Test
    void aSyntheticTraceIsWeightedByItsEnergyPerHour() throws IOException {
        // a counter channel: 100 W from 10:40 to 11:00 (2 x 10 min), 400 W from 11:00 to 11:20; checked by hand:
        // hour 10: 100 W x 1200 s = 120 kJ at 400 g/kWh; hour 11: 400 W x 1200 s = 480 kJ at 200 g/kWh
        // weighted = (120 x 400 + 480 x 200) / 600 = 240 g/kWh (the time-weighted mean would be 300)
        Channel c = new Channel("x:pkg", DeviceKind.CPU, "x", Provenance.MEASURED_RAPL, null, true);
        Channel core = new Channel("x:core", DeviceKind.CPU_CORE, "inside", Provenance.MEASURED_RAPL, null, false);
        long min = 60_000_000_000L;
        List<Tick> ticks = List.of(
                new Tick(0, List.of(Reading.counter(0, 0), Reading.counter(0, 0))),
                new Tick(10 * min, List.of(Reading.counter(60_000, 0), Reading.counter(9e9, 0))),
                new Tick(20 * min, List.of(Reading.counter(120_000, 0), Reading.counter(9e9, 0))),
                new Tick(30 * min, List.of(Reading.counter(360_000, 0), Reading.counter(9e9, 0))),
                new Tick(40 * min, List.of(Reading.counter(600_000, 0), Reading.counter(9e9, 0))));
        PowerTrace.Contents trace = new PowerTrace.Contents(List.of(c, core), 0, T0.plusSeconds(2400), ticks,
                List.of());
        List<EnergyInterval> profile = TraceProfile.of(trace);
        assertEquals(600_000, profile.stream().mapToDouble(EnergyInterval::joules).sum(), 1e-6); // core not added
        assertEquals(240.0, IntensitySeries.readCsv(electricityMapsCsv()).weighted("DE", profile).gramsPerKwh(), 1e-9);
    }

    @Test
    void anIntervalOfUnknownEnergyIsKeptAsUnknownWithItsReasonNeverAsZero() throws IOException {
        // a sampled-power channel whose source failed between 10:50 and 11:00: that interval's energy is unknown
        Channel c = new Channel("x:gpu", DeviceKind.GPU, "x", null, Provenance.MEASURED_NVML_POWER, true);
        long min = 60_000_000_000L;
        List<Tick> ticks = List.of(
                new Tick(0, List.of(Reading.power(100))),
                new Tick(10 * min, List.of(Reading.power(100))),
                new Tick(20 * min, List.of(Reading.failed("GPU is lost"))),
                new Tick(30 * min, List.of(Reading.power(400))),
                new Tick(40 * min, List.of(Reading.power(400))));
        PowerTrace.Contents trace = new PowerTrace.Contents(List.of(c), 0, T0.plusSeconds(2400), ticks, List.of());
        List<EnergyInterval> profile = TraceProfile.of(trace);
        assertEquals(4, profile.size(), "every tick-to-tick interval, the unknown ones included");
        assertEquals(60_000, profile.get(0).joules(), 1e-6);
        assertTrue(Double.isNaN(profile.get(1).joules()) && Double.isNaN(profile.get(2).joules()));
        assertTrue(profile.get(1).note().contains("GPU is lost"), profile.get(1).note());
        CarbonIntensity w = IntensitySeries.readCsv(electricityMapsCsv()).weighted("DE", profile);
        // weighted by the known energy only: 60 kJ at 400 g/kWh (hour 10), 240 kJ at 200 (hour 11)
        assertEquals((60 * 400.0 + 240 * 200.0) / 300, w.gramsPerKwh(), 1e-9);
        assertTrue(w.source().contains("2 intervals of unknown energy not weighted"), w.source());
    }
}
