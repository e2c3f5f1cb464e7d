package org.carbonlab.experiment.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.experiment.spec.YamlTree.Mapping;
import org.carbonlab.experiment.spec.YamlTree.Node;
import org.carbonlab.experiment.spec.YamlTree.Sequence;
import org.carbonlab.util.UserException;

/**
 * The {@code slurm} section of a study spec: where {@code carbonlab run --slurm} places its trials. The placement
 * keys ({@code partition}, {@code constraint}, {@code gres}, {@code account}, {@code time}) may also be variant
 * dimensions ({@code slurm.partition: [a100, h100]}), so "the same study on two generations" is one spec; each
 * placement is then its own job array.
 *
 * @param placement   per placement key given, its value: {@code partition}, {@code account}, {@code time} per trial
 *                    (Slurm's spelling, e.g. {@code 00:30:00}), {@code gres} (e.g. {@code gpu:1}), {@code constraint}
 *                    (node features), each passed as {@code --key=value}
 * @param maxParallel trials running at once ({@code %N} of the array; 0: as many as Slurm allows)
 * @param exclusive   {@code --exclusive}; empty: only where a whole-socket meter (RAPL, or {@code auto}, which
 *                    may pick it) would otherwise count other jobs' energy
 * @param cpus        {@code --cpus-per-task} (0: Slurm's default)
 * @param sbatchArgs  further {@code sbatch} arguments, passed as given
 */
public record SlurmSettings(Map<String, String> placement, int maxParallel, Optional<Boolean> exclusive, int cpus,
                            List<String> sbatchArgs) {

    /** Keys of {@code slurm}. */
    public static final List<String> KEYS = List.of("partition", "account", "time", "gres", "constraint",
            "max-parallel", "exclusive", "cpus-per-task", "sbatch-args");
    /** The keys a variant may vary, spelled {@code slurm.<key>} under {@code variants}. */
    public static final List<String> PLACEMENT_KEYS = List.of("partition", "account", "time", "gres", "constraint");
    /** The prefix of a placement key among a variant's values. */
    public static final String PREFIX = "slurm.";

    /** No section: Slurm's defaults. */
    public static final SlurmSettings DEFAULTS = new SlurmSettings(Map.of(), 0, Optional.empty(), 0, List.of());

    /** Settings with an immutable copy of the placement, in {@link #PLACEMENT_KEYS} order. */
    public SlurmSettings {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String k : PLACEMENT_KEYS) {
            if (placement.containsKey(k)) {
                ordered.put(k, placement.get(k));
            }
        }
        placement = java.util.Collections.unmodifiableMap(ordered);
    }

    /** The placement value of {@code key} ({@code partition}, ...), if given. */
    public Optional<String> placement(String key) {
        return Optional.ofNullable(placement.get(key));
    }

    /** The variant keys {@code slurm.partition}, ... */
    static List<String> variantKeys() {
        return PLACEMENT_KEYS.stream().map(k -> PREFIX + k).toList();
    }

    /** Reads the {@code slurm} section. */
    static SlurmSettings parse(Mapping m) {
        ExperimentSpec.requireKnown(m, KEYS, "slurm");
        SlurmSettings s = DEFAULTS;
        for (String k : PLACEMENT_KEYS) {
            Optional<Node> n = ExperimentSpec.optional(m, k);
            if (n.isPresent()) {
                s = s.with(k, ExperimentSpec.text(n.get(), "slurm." + k));
            }
        }
        int parallel = ExperimentSpec.optional(m, "max-parallel")
                .map(n -> ExperimentSpec.integer(n, "slurm.max-parallel", 0, 100_000)).orElse(0);
        Optional<Boolean> exclusive = ExperimentSpec.optional(m, "exclusive").map(n -> {
            String t = ExperimentSpec.text(n, "slurm.exclusive");
            if (!t.equals("true") && !t.equals("false")) {
                throw new SpecException(n.at(), "slurm.exclusive must be true or false, got '" + t + "'");
            }
            return Boolean.parseBoolean(t);
        });
        int cpus = ExperimentSpec.optional(m, "cpus-per-task")
                .map(n -> ExperimentSpec.integer(n, "slurm.cpus-per-task", 1, 100_000)).orElse(0);
        List<String> args = new ArrayList<>();
        Optional<Node> a = ExperimentSpec.optional(m, "sbatch-args");
        if (a.isPresent()) {
            List<Node> items = a.get() instanceof Sequence q ? q.items() : List.of(a.get());
            for (Node item : items) {
                String t = ExperimentSpec.text(item, "slurm.sbatch-args");
                if (t.startsWith("--array") || t.startsWith("--dependency") || t.startsWith("--wrap")) {
                    throw new SpecException(item.at(), "slurm.sbatch-args may not set " + t.split("=")[0]
                            + ": carbonlab sets it (use max-parallel for the array's throttle)");
                }
                args.add(t);
            }
        }
        return new SlurmSettings(s.placement, parallel, exclusive, cpus, List.copyOf(args));
    }

    /** These settings with the placement key {@code key} (without the prefix) set to {@code value}. */
    public SlurmSettings with(String key, String value) {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new UserException("slurm." + key + " must be one word, got '" + value + "'");
        }
        if (!PLACEMENT_KEYS.contains(key)) {
            throw new UserException("unknown slurm placement key '" + key + "'; valid: " + PLACEMENT_KEYS);
        }
        Map<String, String> p = new LinkedHashMap<>(placement);
        p.put(key, value);
        return new SlurmSettings(p, maxParallel, exclusive, cpus, sbatchArgs);
    }

    /** The settings a variant runs with: these, with the variant's {@code slurm.*} values applied. */
    public SlurmSettings forVariant(Map<String, String> variantValues) {
        SlurmSettings s = this;
        for (Map.Entry<String, String> e : variantValues.entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                s = s.with(e.getKey().substring(PREFIX.length()), e.getValue());
            }
        }
        return s;
    }

    /**
     * The {@code sbatch} arguments of this placement (no array, no script); {@code wholeSocketMeter}: whether the
     * trials' power sources may read whole sockets (RAPL), which makes {@code --exclusive} the default.
     */
    public List<String> placementArgs(boolean wholeSocketMeter) {
        List<String> out = new ArrayList<>();
        placement.forEach((k, v) -> out.add("--" + k + "=" + v));
        if (cpus > 0) {
            out.add("--cpus-per-task=" + cpus);
        }
        if (exclusive.orElse(wholeSocketMeter)) {
            out.add("--exclusive");
        }
        out.addAll(sbatchArgs);
        return out;
    }

    /** As the resolved spec writes it. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(placement);
        m.put("max-parallel", maxParallel);
        exclusive.ifPresent(v -> m.put("exclusive", v));
        if (cpus > 0) {
            m.put("cpus-per-task", cpus);
        }
        m.put("sbatch-args", sbatchArgs);
        return m;
    }
}
