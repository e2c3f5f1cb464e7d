package org.carbonlab.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.carbonlab.power.Metering;
import org.carbonlab.power.EnergyMeter;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.PowerException;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.SourceStatus;

/**
 * A training run measured in this JVM: the sampler runs beside training, the trace streams to
 * {@code power.csv}, and the window splits per epoch through the {@link EnergyMarkListener}.
 */
public final class MeteredTraining {

    /**
     * The run and its energy.
     *
     * @param training    what training produced
     * @param measurement energy of the whole run and of each segment (train-N, validate-N, after-training)
     * @param trace       the power trace
     */
    public record Result(Training.Result training, Measurement measurement, Path trace) {
    }

    private MeteredTraining() {
    }

    /** Trains per {@code config} while sampling {@code sources} every {@code interval}, writing into {@code out}. */
    public static Result run(Training.Config config, FashionMnist.Data data, List<PowerSource> sources,
                             List<SourceStatus> statuses, Duration interval, Path out,
                             Optional<Training.Teacher> teacher, Optional<Path> save) {
        Path trace = out.resolve("power.csv");
        if (Files.exists(out.resolve("training.json"))) {
            throw new PowerException(out + " already holds a training run (training.json); results are never"
                    + " overwritten: choose another --out");
        }
        try (Metering metering = Metering.start(sources, statuses, interval, Optional.of(trace))) {
            EnergyMeter meter = metering.meter();
            meter.begin(config.architecture().id() + "-" + config.precision().id());
            Training.Result r;
            try {
                r = Training.train(config, data, Optional.of(meter), teacher, save);
            } catch (RuntimeException e) {
                meter.end();
                throw e;
            }
            return new Result(r, meter.end(), trace);
        }
    }
}
