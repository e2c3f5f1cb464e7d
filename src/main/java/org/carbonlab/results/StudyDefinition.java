package org.carbonlab.results;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A run's study definition as the reports read it: typed views of the resolved spec that {@code manifest.json} keeps
 * as it was written (so that a run regenerates byte for byte, its texts as written are kept beside the types). The
 * one place that knows the spec's keys on the reading side; runs written before a key existed read as its absence.
 *
 * @param resolved the resolved spec as {@code manifest.json} holds it
 */
public record StudyDefinition(@com.fasterxml.jackson.annotation.JsonValue Map<String, Object> resolved) {

    /**
     * The workload keys added after the first runs were written, with the value every run before them used; read
     * into an older run's workload so that runs compare key by key.
     */
    private static final Map<String, Object> WORKLOAD_KEYS_ADDED = Map.of("engine", "djl", "device", "cpu");

    /** The definition of a resolved spec as {@code manifest.json} holds it (a JSON object). */
    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    public StudyDefinition {
        resolved = resolved == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(resolved));
    }

    /**
     * The repetitions: a fixed number of blocks, or adaptive between {@code min} and {@code max} blocks until every
     * ratio's paired CI of {@code metric} lies within +-{@code halfWidth}.
     *
     * @param written   the setting as written (a number, or the adaptive mapping), for texts
     * @param fixed     the fixed number of blocks (empty: adaptive)
     * @param min       the adaptive design's fewest blocks (0: fixed)
     * @param max       its most blocks (0: fixed)
     * @param metric    the metric it steers by (empty: fixed)
     * @param halfWidth its target half-width (NaN: fixed)
     */
    public record Repetitions(Object written, OptionalInt fixed, int min, int max, Optional<String> metric,
                              double halfWidth) {

        /** Whether the design is adaptive. */
        public boolean adaptive() {
            return fixed.isEmpty();
        }
    }

    /** The race of a tune ({@code carbonlab tune}); empty for a study. */
    public Optional<TuneDefinition> tune() {
        return resolved.get("tune") == null ? Optional.empty()
                : Optional.of(Json.MAPPER.convertValue(resolved.get("tune"), TuneDefinition.class));
    }

    /** The study's description ("" where none was given). */
    public String description() {
        return resolved.get("description") instanceof String s ? s : "";
    }

    /** The baseline variant's name (null in a run that records none). */
    public String baseline() {
        return resolved.get("baseline") instanceof String s ? s : null;
    }

    /** The label the spec gives {@code variant}, if any. */
    public Optional<String> label(String variant) {
        return resolved.get("labels") instanceof Map<?, ?> m && m.get(variant) != null
                ? Optional.of(m.get(variant).toString()) : Optional.empty();
    }

    /** The run order ({@code interleaved} for a run from before the key had a default). */
    public org.carbonlab.stats.RunOrder order() {
        return org.carbonlab.stats.RunOrder.of(String.valueOf(resolved.get("order")));
    }

    /** The first seed as written. */
    public String seed() {
        return String.valueOf(resolved.get("seed"));
    }

    /** The cooldown between trials as written (an ISO-8601 duration). */
    public String cooldown() {
        return String.valueOf(resolved.get("cooldown"));
    }

    /** The warm-up trials per variant; empty for a run from before warm-ups were recorded (no design recorded). */
    public OptionalInt warmup() {
        return resolved.get("warmup") instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }

    /** The repetitions, typed. */
    public Repetitions repetitions() {
        Object r = resolved.get("repetitions");
        if (r instanceof Map<?, ?> m) {
            Map<?, ?> until = m.get("until") instanceof Map<?, ?> u ? u : Map.of();
            return new Repetitions(r, OptionalInt.empty(), number(m.get("min")), number(m.get("max")),
                    Optional.ofNullable(until.get("metric")).map(String::valueOf),
                    until.get("half-width") instanceof Number h ? h.doubleValue() : Double.NaN);
        }
        return new Repetitions(r, OptionalInt.of(number(r)), 0, 0, Optional.empty(), Double.NaN);
    }

    /**
     * How many settings the spec's variants name: the product of a matrix's value counts, or a list's length (empty
     * for a run that records no variants).
     */
    public OptionalInt settingsNamed() {
        Object variants = resolved.get("variants");
        return variants instanceof Map<?, ?> vm ? OptionalInt.of(vm.values().stream()
                .mapToInt(v -> v instanceof java.util.List<?> l ? l.size() : 1).reduce(1, (a, b) -> a * b))
                : variants instanceof java.util.List<?> listed ? OptionalInt.of(listed.size()) : OptionalInt.empty();
    }

    /** The workload section as written, for texts. */
    public Object workloadWritten() {
        return resolved.get("workload");
    }

    /** The target validation accuracy as written, where one was set. */
    public Optional<String> targetAccuracy() {
        Object t = workload().get("target-accuracy");
        return t == null || "none".equals(t) ? Optional.empty() : Optional.of(String.valueOf(t));
    }

    /** The memory allocator setting as written; empty for a run from before the setting. */
    public Optional<String> allocator() {
        return workload().containsKey("allocator") ? Optional.of(String.valueOf(workload().get("allocator")))
                : Optional.empty();
    }

    /** The grid region of {@code carbon.region}, where one was given. */
    public Optional<String> region() {
        return resolved.get("carbon") instanceof Map<?, ?> c && c.get("region") != null
                ? Optional.of(String.valueOf(c.get("region"))) : Optional.empty();
    }

    /** The resolved spec's {@code workload} section, with the keys added since an older run was written. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> workload() {
        Map<String, Object> w = new java.util.LinkedHashMap<>();
        if (resolved.get("workload") instanceof Map<?, ?> m) {
            w.putAll((Map<String, Object>) m);
        }
        WORKLOAD_KEYS_ADDED.forEach(w::putIfAbsent);
        return w;
    }

    /** The resolved spec with {@link #workload} in place of its workload section (runs compare key by key). */
    public Map<String, Object> withDefaults() {
        Map<String, Object> s = new java.util.LinkedHashMap<>(resolved);
        if (s.containsKey("workload")) {
            s.put("workload", workload());
        }
        return s;
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }
}
