package org.carbonlab.jmh;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.carbonlab.carbon.CarbonIntensity;
import org.carbonlab.carbon.Pue;
import org.carbonlab.util.Durations;
import org.carbonlab.util.UserException;

/**
 * What {@link EnergyProfiler} reads and how it prices energy, parsed from JMH's profiler option string
 * ({@code -prof org.carbonlab.jmh.EnergyProfiler:source=auto;pue=1.2;intensity=350}).
 *
 * @param sources          power source names, as {@code carbonlab --source} takes them
 * @param pue              PUE applied to the CO2e
 * @param intensityGPerKwh grid carbon intensity in g CO2e/kWh
 * @param interval         sampling interval inside an iteration (for power-only channels and the peak)
 */
public record ProfilerSettings(List<String> sources, double pue, double intensityGPerKwh, Duration interval) {

    /** The option keys and what they take, for messages and {@code -lprof}. */
    public static final String HELP = "source=auto|rapl|nvml|estimate (comma-separated with ','; default auto);"
            + " pue=P (>= 1, default 1.0: IT energy only); intensity=G (g CO2e/kWh, default 475: world average);"
            + " interval=100ms (sampling inside an iteration)";

    /** Parses {@code key=value} pairs separated by {@code ;} (an empty or null line gives the defaults). */
    public static ProfilerSettings parse(String line) {
        List<String> sources = List.of("auto");
        double pue = 1.0;
        double intensity = 475;
        Duration interval = org.carbonlab.power.Sampler.DEFAULT_INTERVAL;
        if (line != null && !line.isBlank()) {
            for (String pair : line.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new UserException("'" + pair.trim() + "' is not key=value; options: " + HELP);
                }
                String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = pair.substring(eq + 1).trim();
                switch (key) {
                    case "source" -> sources = Arrays.stream(value.split(",")).map(String::trim).toList();
                    case "pue" -> pue = Pue.of(number(key, value)).value();
                    case "intensity" -> intensity = CarbonIntensity.ofKgPerKwh(number(key, value) / 1000)
                            .gramsPerKwh();
                    case "interval" -> interval = Durations.parse(value);
                    default -> throw new UserException("unknown option '" + key + "'; options: " + HELP);
                }
            }
        }
        return new ProfilerSettings(sources, pue, intensity, interval);
    }

    private static double number(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UserException(key + " must be a number, got '" + v + "'; options: " + HELP);
        }
    }
}
