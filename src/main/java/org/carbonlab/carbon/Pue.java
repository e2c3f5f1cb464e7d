package org.carbonlab.carbon;

import java.util.List;
import java.util.Locale;
import org.carbonlab.util.UserException;

/**
 * Power usage effectiveness: facility energy / IT energy, at least 1.
 *
 * @param value  the ratio
 * @param source where it comes from ("user", or a cited default)
 */
public record Pue(double value, String source) {

    /** The Uptime Institute's 2021 global average (Global Data Center Survey 2021). */
    public static final Pue GLOBAL_2021 = new Pue(1.59,
            "Uptime Institute Global Data Center Survey 2021, global average PUE 1.59 as the lab's users quote it");
    /** Google's fleet-wide trailing twelve-month PUE for Q4 2023. */
    public static final Pue GOOGLE_2023 = new Pue(1.10,
            "Google data centers, fleet-wide trailing twelve-month PUE, Q4 2023 (google.com/about/datacenters/efficiency)");
    /** No facility overhead: use for energy already measured at the wall, or when the user says so. */
    public static final Pue NONE = new Pue(1.0, "1.0: no facility overhead counted");

    /** Validates the ratio. */
    public Pue {
        if (Double.isNaN(value) || value < 1.0 || value > 5.0) {
            throw new UserException(String.format(Locale.ROOT,
                    "PUE must be between 1.0 and 5.0 (facility energy / IT energy), got %s; typical values are 1.1"
                            + " (hyperscale) to 1.6 (average data centre)", value));
        }
    }

    /** Returns a user-given PUE. */
    public static Pue of(double value) {
        return new Pue(value, "user");
    }

    /** Returns the default PUE for a provider ({@code aws}, {@code gcp}/{@code google}, {@code azure}) or site. */
    public static Pue defaultFor(String provider) {
        return switch (provider.toLowerCase(Locale.ROOT)) {
            case "gcp", "google" -> GOOGLE_2023;
            case "aws" -> new Pue(1.2, "AWS default in Green Algorithms defaults_PUE.csv (citing nutanix.dev, 2023)");
            case "azure" -> new Pue(1.12, "Azure default in Green Algorithms defaults_PUE.csv (citing nutanix.dev, 2023)");
            default -> GLOBAL_2021;
        };
    }

    /**
     * The PUE a run uses, the one rule for specs and commands alike: the {@code given} value if any; else, for a
     * cloud region ({@code provider:zone}), the provider's default; else the global average {@link #GLOBAL_2021}.
     */
    public static Pue forRegion(java.util.Optional<Double> given, java.util.Optional<String> region) {
        if (given.isPresent()) {
            return of(given.get());
        }
        return region.filter(r -> r.contains(":")).map(r -> defaultFor(r.substring(0, r.indexOf(':'))))
                .orElse(GLOBAL_2021);
    }

    /** Returns the providers with their own default. */
    public static List<String> providers() {
        return List.of("gcp", "aws", "azure");
    }
}
