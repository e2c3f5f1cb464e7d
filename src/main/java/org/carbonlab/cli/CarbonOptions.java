package org.carbonlab.cli;

import java.util.Optional;

import picocli.CommandLine.Option;

import org.carbonlab.carbon.ElectricityMapsClient;
import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.carbon.Pue;
import org.carbonlab.util.UserException;

/** Where and how energy becomes CO2e: region or intensity, and PUE. */
final class CarbonOptions {

    @Option(names = "--region", paramLabel = "CODE",
            description = "grid or cloud region: DE, DEU, US-VA, CA-QC, SE3, aws:us-east-1, gcp:europe-west4, azure:westeurope")
    String region;

    @Option(names = "--intensity", paramLabel = "KG_PER_KWH", description = "grid carbon intensity in kg CO2e/kWh, e.g. 0.350")
    Double intensityKgPerKwh;

    @Option(names = "--pue", paramLabel = "P",
            description = "power usage effectiveness (>= 1); default: the provider's for a cloud region, else 1.59 (Uptime Institute 2021)")
    Double pue;

    Pue pue() {
        return Pue.forRegion(java.util.Optional.ofNullable(pue), java.util.Optional.ofNullable(region));
    }

    /** Checks PUE, intensity unit and series needs without resolving anything remote. */
    void validate(boolean withSeries) {
        pue();
        if (intensityKgPerKwh != null) {
            org.carbonlab.carbon.CarbonIntensity.ofKgPerKwh(intensityKgPerKwh);
        }
        if (region != null && intensityKgPerKwh != null) {
            throw new UserException("give --region or --intensity, not both: the intensity would silently"
                    + " win over the region");
        }
        if (region != null && !withSeries && ElectricityMapsClient.fromEnvironment(System.getenv()).isEmpty()) {
            IntensityTable.load().resolve(region); // an unknown region stops here, before anything is written
        }
        if (withSeries && region == null && intensityKgPerKwh == null) {
            throw new UserException("--series needs --region ZONE to say which of its zones the run drew from");
        }
    }

    IntensityResolver resolver(IntensityTable table) {
        return new IntensityResolver(table, ElectricityMapsClient.fromEnvironment(System.getenv()));
    }

    IntensityResolver.Resolved intensity(IntensityTable table) {
        return resolver(table).resolve(Optional.ofNullable(intensityKgPerKwh), Optional.ofNullable(region));
    }
}
