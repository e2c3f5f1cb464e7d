package org.carbonlab.report.tools;

import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.carbonlab.util.UserException;


/**
 * The governance figures users are asked to publish, over every run under a results directory: per calendar
 * quarter (UTC, by trial start) the runs, trials, energy and CO2e, the average carbon intensity of the compute used
 * (CO2e over facility energy, so energy-weighted), the share of runs that were carbon-aware (started at a time
 * chosen with {@code carbonlab schedule}: {@code run --start-at}), and how much of the energy was measured rather
 * than estimated.
 */
public final class Ledger {

    private Ledger() {
    }

    /** One quarter's totals. */
    private static final class Row {
        final java.util.Set<String> runs = new java.util.TreeSet<>();
        final java.util.Set<String> awareRuns = new java.util.TreeSet<>();
        int trials;
        double itJ;
        double facilityJ;
        double grams;
        double lowGrams;
        double highGrams;
        double measuredJ;
    }

    /** The ledger of every run directory (holding {@code manifest.json}) under {@code root}, as Markdown. */
    public static String render(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new UserException(root + " is not a directory");
        }
        List<Path> runs;
        try (Stream<Path> s = Files.walk(root, 3)) {
            runs = s.filter(p -> p.getFileName().toString().equals(RunManifest.FILE)).map(Path::getParent).sorted()
                    .toList();
        }
        Map<String, Row> quarters = new TreeMap<>();
        Row total = new Row();
        boolean banded = false;
        for (Path run : runs) {
            RunManifest m = RunManifest.read(run);
            double g = m.carbon().intensityGPerKwh();
            double pue = m.carbon().pue();
            boolean aware = m.carbon().carbonAware();
            String id = m.study() + "/" + m.runId();
            for (TrialRecord t : RunFiles.lastPerTrial(RunFiles.readTrials(run)).values()) {
                if (t.energyJ() == null) {
                    continue;
                }
                ZonedDateTime at = Instant.parse(t.startedUtc()).atZone(ZoneOffset.UTC);
                String q = at.getYear() + "-Q" + ((at.getMonthValue() - 1) / 3 + 1);
                for (Row r : List.of(quarters.computeIfAbsent(q, k -> new Row()), total)) {
                    r.runs.add(id);
                    if (aware) {
                        r.awareRuns.add(id);
                    }
                    r.trials++;
                    r.itJ += t.energyJ();
                    r.facilityJ += org.carbonlab.carbon.CarbonAccountant.facilityJoules(t.energyJ(), pue);
                    r.grams += org.carbonlab.carbon.CarbonAccountant.grams(t.energyJ(), pue, g);
                    // an estimate's band: its ends; a measured or unbanded figure is its own both ends
                    r.lowGrams += org.carbonlab.carbon.CarbonAccountant.grams(t.energyBand() == null ? t.energyJ()
                            : t.energyBand().lowJ(), pue, g);
                    r.highGrams += org.carbonlab.carbon.CarbonAccountant.grams(t.energyBand() == null ? t.energyJ()
                            : t.energyBand().highJ(), pue, g);
                    banded |= t.energyBand() != null;
                    if (t.provenance() != null && t.provenance().anyMeasured()) {
                        r.measuredJ += t.energyJ();
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder("# Carbon ledger of " + root + "\n\n");
        sb.append(runs.size()).append(" run directories; every trial that has an energy figure counts, finished or"
                + " not (its energy was spent).\n\n");
        sb.append("| quarter | runs | trials | IT energy kWh | facility energy kWh | CO2e kg | average intensity"
                + " g/kWh | carbon-aware runs | energy measured |").append(banded ? " CO2e kg, estimates at their"
                + " bands' ends |\n|---|---|---|---|---|---|---|---|---|---|\n" : "\n|---|---|---|---|---|---|---|---|---|\n");
        boolean withBand = banded;
        quarters.forEach((q, r) -> row(sb, q, r, withBand));
        row(sb, "all", total, withBand);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, Row r, boolean withBand) {
        row(sb, label, r);
        if (withBand) {
            sb.setLength(sb.length() - 1);
            sb.append(String.format(Locale.ROOT, " [%.6f, %.6f] |%n", r.lowGrams / 1000, r.highGrams / 1000));
        }
    }

    private static void row(StringBuilder sb, String label, Row r) {
        sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.6f | %.6f | %.6f | %s | %s | %s |%n", label,
                r.runs.size(), r.trials, kwh(r.itJ), kwh(r.facilityJ), r.grams / 1000,
                r.facilityJ > 0 ? String.format(Locale.ROOT, "%.1f", r.grams / kwh(r.facilityJ)) : "n/a",
                r.runs.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100.0 * r.awareRuns.size()
                        / r.runs.size()),
                r.itJ > 0 ? String.format(Locale.ROOT, "%.0f %%", 100 * r.measuredJ / r.itJ) : "n/a"));
    }

    private static double kwh(double joules) {
        return org.carbonlab.power.Energy.ofJoules(joules).kilowattHours();
    }
}
