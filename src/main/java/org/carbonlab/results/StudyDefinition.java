package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A run's study definition: the resolved spec, every default filled in, as {@code manifest.json} keeps it and the
 * reports read it. {@code experiment.spec} builds it from a checked spec ({@code ExperimentSpec.resolved()}); a run
 * reads it back from its manifest. Its JSON is the spec's spelling, key by key; what older runs did not write reads as
 * absent. Two parts stay as they were written, because texts quote them and their keys depend on the study: the
 * workload (an engine's or a command's settings) and the variants (a matrix or listed rows).
 *
 * @param name          the study's name
 * @param description   what it is for ("" where none was given)
 * @param workload      the workload settings as written (a command's run lists the keys its command line names)
 * @param variants      a matrix (setting to values) or the listed rows (setting to value each)
 * @param baseline      the baseline variant's name (null in a run that records none)
 * @param labels        the words reports show for a variant, by name (empty: none)
 * @param warmupTrials  the warm-up trials per variant (null in runs from before warm-ups were recorded)
 * @param repetitions   fixed blocks, or the adaptive design
 * @param budget        the study's budget (null: none)
 * @param quiet         the wait for a quiet machine before each trial (null: none)
 * @param seed          the first seed
 * @param orderWritten  the run order's spelling ({@link #order()} types it)
 * @param orderSeed     the seed of a shuffled order
 * @param cooldown      the pause between trials (ISO-8601)
 * @param idleBaseline  the idle baseline measured before the first trial (ISO-8601)
 * @param trialTimeout  the longest a trial may run (ISO-8601; null: no limit)
 * @param power         how power was obtained
 * @param carbon        how energy became CO2e
 * @param slurm         the Slurm placement (null: not on a cluster)
 * @param tuneSection   a tune's race (null: a study; {@link #tune()})
 */
public record StudyDefinition(String name, String description, Map<String, Object> workload, Object variants,
                              String baseline,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
                              @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("warmup") Integer warmupTrials,
                              Repetitions repetitions,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Budget budget,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Quiet quiet,
                              long seed, @JsonProperty("order") String orderWritten,
                              @JsonProperty("order-seed") long orderSeed, String cooldown,
                              @JsonProperty("idle-baseline") String idleBaseline,
                              @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("trial-timeout")
                              String trialTimeout,
                              Power power, Carbon carbon,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> slurm,
                              @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("tune")
                              TuneDefinition tuneSection) {

    /**
     * The workload keys added after the first runs were written, with the value every run before them used; read
     * into an older run's workload so that runs compare key by key.
     */
    private static final Map<String, Object> WORKLOAD_KEYS_ADDED = Map.of("engine", "djl", "device", "cpu");

    /** Absent maps read as empty, an absent description as "". */
    public StudyDefinition {
        description = description == null ? "" : description;
        workload = workload == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(workload));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        repetitions = repetitions == null ? new Repetitions(null) : repetitions;
    }

    /** The definition a resolved spec's JSON tree holds (tests, tools): the manifest's {@code spec} object. */
    public static StudyDefinition of(Map<String, Object> resolved) {
        return Json.MAPPER.convertValue(resolved, StudyDefinition.class);
    }

    /** The definition as a JSON tree, key by key as {@code manifest.json} holds it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return Json.MAPPER.convertValue(this, LinkedHashMap.class);
    }

    /**
     * The repetitions: a fixed number of blocks, or adaptive between {@code min} and {@code max} blocks until every
     * ratio's paired CI of {@code metric} lies within +-{@code halfWidth}. Kept as written (a number, or the
     * adaptive mapping), which texts quote; its figures are read from it.
     *
     * @param written the setting as written
     */
    public record Repetitions(Object written) {

        /** Reads the setting as written. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Repetitions {
        }

        /** A fixed number of blocks. */
        public static Repetitions fixed(int blocks) {
            return new Repetitions(blocks);
        }

        /** Between {@code min} and {@code max} blocks until every ratio's CI of {@code metric} is +-{@code halfWidth}. */
        public static Repetitions adaptive(int min, int max, String metric, double halfWidth) {
            Map<String, Object> until = new LinkedHashMap<>();
            until.put("metric", metric);
            until.put("half-width", halfWidth);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("min", min);
            m.put("max", max);
            m.put("until", until);
            return new Repetitions(m);
        }

        /** The setting as written, which is its JSON. */
        @Override
        @JsonValue
        public Object written() {
            return written;
        }

        /** Whether the design is adaptive. */
        public boolean adaptive() {
            return written instanceof Map<?, ?>;
        }

        /** The fixed number of blocks (empty: adaptive). */
        public OptionalInt fixed() {
            return adaptive() ? OptionalInt.empty() : OptionalInt.of(number(written));
        }

        /** The adaptive design's fewest blocks (0: fixed). */
        public int min() {
            return written instanceof Map<?, ?> m ? number(m.get("min")) : 0;
        }

        /** The adaptive design's most blocks (0: fixed). */
        public int max() {
            return written instanceof Map<?, ?> m ? number(m.get("max")) : 0;
        }

        /** The metric an adaptive design steers by (empty: fixed). */
        public Optional<String> metric() {
            return Optional.ofNullable(until().get("metric")).map(String::valueOf);
        }

        /** An adaptive design's target half-width (NaN: fixed). */
        public double halfWidth() {
            return until().get("half-width") instanceof Number h ? h.doubleValue() : Double.NaN;
        }

        private Map<?, ?> until() {
            return written instanceof Map<?, ?> m && m.get("until") instanceof Map<?, ?> u ? u : Map.of();
        }
    }

    /**
     * A study's budget: it stops before a block that would overrun it.
     *
     * @param time   its time (ISO-8601; null: none)
     * @param energy its energy, e.g. {@code 50000.0J} (null: none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(String time, String energy) {
    }

    /**
     * The wait for a quiet machine before each trial.
     *
     * @param maxWait the longest wait (ISO-8601)
     */
    public record Quiet(@JsonProperty("max-wait") String maxWait) {
    }

    /**
     * How power was obtained.
     *
     * @param sources  the power sources, as {@code --source} takes them
     * @param interval the sampling interval (ISO-8601)
     * @param estimate the estimate's model (null in runs from before it was a setting)
     */
    public record Power(List<String> sources, String interval,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String estimate) {
    }

    /**
     * How energy became CO2e.
     *
     * @param region    the grid region (null: none given)
     * @param intensity the intensity given, g/kWh (null: the region's)
     * @param pue       the power usage effectiveness
     */
    public record Carbon(String region, Double intensity, double pue) {
    }

    /** The race of a tune ({@code carbonlab tune}); empty for a study. */
    public Optional<TuneDefinition> tune() {
        return Optional.ofNullable(tuneSection);
    }

    /** The label the spec gives {@code variant}, if any. */
    public Optional<String> label(String variant) {
        return Optional.ofNullable(labels.get(variant));
    }

    /** The run order ({@code interleaved} for a run from before the key had a default). */
    public org.carbonlab.stats.RunOrder order() {
        return org.carbonlab.stats.RunOrder.of(String.valueOf(orderWritten));
    }

    /** The warm-up trials per variant; empty for a run from before warm-ups were recorded (no design recorded). */
    public OptionalInt warmup() {
        return warmupTrials == null ? OptionalInt.empty() : OptionalInt.of(warmupTrials);
    }

    /** The target validation accuracy as written, where one was set. */
    public Optional<String> targetAccuracy() {
        Object t = comparableWorkload().get("target-accuracy");
        return t == null || "none".equals(t) ? Optional.empty() : Optional.of(String.valueOf(t));
    }

    /** The memory allocator setting as written; empty for a run from before the setting. */
    public Optional<String> allocator() {
        return Optional.ofNullable(workload.get("allocator")).map(String::valueOf);
    }

    /** The grid region of {@code carbon.region}, where one was given. */
    public Optional<String> region() {
        return carbon == null ? Optional.empty() : Optional.ofNullable(carbon.region());
    }

    /**
     * How many settings the spec's variants name: the product of a matrix's value counts, or a list's length (empty
     * for a run that records no variants).
     */
    public OptionalInt settingsNamed() {
        return variants instanceof Map<?, ?> vm ? OptionalInt.of(vm.values().stream()
                .mapToInt(v -> v instanceof List<?> l ? l.size() : 1).reduce(1, (a, b) -> a * b))
                : variants instanceof List<?> listed ? OptionalInt.of(listed.size()) : OptionalInt.empty();
    }

    /** The workload section with the keys added since an older run was written, at their values then. */
    public Map<String, Object> comparableWorkload() {
        Map<String, Object> w = new LinkedHashMap<>(workload);
        WORKLOAD_KEYS_ADDED.forEach(w::putIfAbsent);
        return w;
    }

    /** The definition's tree with {@link #comparableWorkload} in place of its workload (runs compare key by key). */
    public Map<String, Object> withDefaults() {
        Map<String, Object> s = asMap();
        s.put("workload", comparableWorkload());
        return s;
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }
}
