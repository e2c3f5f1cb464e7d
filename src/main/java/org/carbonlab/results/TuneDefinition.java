package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.OptionalDouble;

import org.carbonlab.stats.Race;

/**
 * A tune's settings ({@code carbonlab tune}; a spec's {@code tune:} section), as the spec resolves them and
 * {@code manifest.json} keeps them: what the race minimises, the target a chosen setting must reach, the constraints,
 * the blocks and the budget. The spec's variants are the candidates and its baseline the default setting.
 *
 * @param objective   the per-trial figure minimised ({@link TrialMetric} id: energy-per-trial, training-energy,
 *                    wall-time, inference-energy)
 * @param target      the least mean accuracy of a chosen setting (null: none)
 * @param constraints the limits on time (fields null: none)
 * @param blocks      blocks every candidate runs before any leaves, and the most
 * @param confidence  the level of each look's family of intervals
 * @param budget      what the race may spend (fields null: no limit)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuneDefinition(String objective, Target target, Constraints constraints, Blocks blocks,
                             double confidence, Budget budget) {

    /**
     * The accuracy target.
     *
     * @param metric  the metric ({@code test-accuracy})
     * @param atLeast the least mean a chosen setting has
     */
    public record Target(String metric, @JsonProperty("at-least") double atLeast) {
    }

    /**
     * The limits on time.
     *
     * @param maxWallTime the most mean wall time of a trial (ISO-8601; null: none)
     * @param maxSlowdown the most wall-time ratio to the default's (null: none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Constraints(@JsonProperty("max-wall-time") String maxWallTime,
                              @JsonProperty("max-slowdown") Double maxSlowdown) {
    }

    /**
     * The race's blocks.
     *
     * @param first blocks every candidate runs before any leaves
     * @param max   most blocks
     */
    public record Blocks(int first, int max) {
    }

    /**
     * What a race may spend; a grid whose first blocks would take more than half of {@code trials} is sampled.
     *
     * @param trials most trials, warm-ups included (null: no limit)
     * @param time   most wall time of the trials (ISO-8601; null: no limit)
     * @param energyJ most energy of the trials, J (null: no limit)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(Integer trials, String time, @JsonProperty("energy-j") Double energyJ) {
    }

    /** The objective's metric. */
    public TrialMetric objectiveMetric() {
        return TrialMetric.of(objective);
    }

    /** The race's rules. */
    public Race.Rules rules() {
        return new Race.Rules(blocks.first(), blocks.max(), confidence,
                target == null ? OptionalDouble.empty() : OptionalDouble.of(target.atLeast()),
                constraints.maxWallTime() == null ? OptionalDouble.empty()
                        : OptionalDouble.of(Duration.parse(constraints.maxWallTime()).toMillis() / 1e3),
                constraints.maxSlowdown() == null ? OptionalDouble.empty()
                        : OptionalDouble.of(constraints.maxSlowdown()));
    }
}
