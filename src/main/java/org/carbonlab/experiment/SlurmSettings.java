package org.carbonlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.experiment.YamlTree.Mapping;
import org.carbonlab.experiment.YamlTree.Node;
import org.carbonlab.experiment.YamlTree.Sequence;

/**
 * The {@code slurm} section of a study spec: where {@code carbonlab run --slurm} places its trials. The placement
 * keys ({@code partition}, {@code constraint}, {@code gres}, {@code account}, {@code time}) may also be variant
 * dimensions ({@code slurm.partition: [a100, h100]}), so "the same study on two generations" is one spec; each
 * placement is then its own job array.
 *
 * @param partition   {@code --partition}
 * @param account     {@code --account}
 * @param time        {@code --time} per trial (Slurm's spelling, e.g. {@code 00:30:00})
 * @param gres        {@code --gres}, e.g. {@code gpu:1}
 * @param constraint  {@code --constraint} (node features)
 * @param maxParallel trials running at once ({@code %N} of the array; 0: as many as Slurm allows)
 * @param exclusive   {@code --exclusive}; empty: only where a whole-socket meter (RAPL, or {@code auto}, which
 *                    may pick it) would otherwise count other jobs' energy
 * @param cpus        {@code --cpus-per-task} (0: Slurm's default)
 * @param sbatchArgs  further {@code sbatch} arguments, passed as given
 */
public record SlurmSettings(Optional<String> partition, Optional<String> account, Optional<String> time,
                            Optional<String> gres, Optional<String> constraint, int maxParallel,
                            Optional<Boolean> exclusive, int cpus, List<String> sbatchArgs) {

    /** Keys of {@code slurm}. */
    public static final List<String> KEYS = List.of("partition", "account", "time", "gres", "constraint",
            "max-parallel", "exclusive", "cpus-per-task", "sbatch-args");
    /** The keys a variant may vary, spelled {@code slurm.<key>} under {@code variants}. */
    public static final List<String> PLACEMENT_KEYS = List.of("partition", "account", "time", "gres", "constraint");
    /** The prefix of a placement key among a variant's values. */
    public static final String PREFIX = "slurm.";

    /** No section: Slurm's defaults. */
    public static final SlurmSettings DEFAULTS = new SlurmSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0, List.of());

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
        return new SlurmSettings(s.partition, s.account, s.time, s.gres, s.constraint, parallel, exclusive, cpus,
                List.copyOf(args));
    }

    /** These settings with the placement key {@code key} (without the prefix) set to {@code value}. */
    public SlurmSettings with(String key, String value) {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("slurm." + key + " must be one word, got '" + value + "'");
        }
        Optional<String> v = Optional.of(value);
        return switch (key) {
            case "partition" -> new SlurmSettings(v, account, time, gres, constraint, maxParallel, exclusive, cpus,
                    sbatchArgs);
            case "account" -> new SlurmSettings(partition, v, time, gres, constraint, maxParallel, exclusive, cpus,
                    sbatchArgs);
            case "time" -> new SlurmSettings(partition, account, v, gres, constraint, maxParallel, exclusive, cpus,
                    sbatchArgs);
            case "gres" -> new SlurmSettings(partition, account, time, v, constraint, maxParallel, exclusive, cpus,
                    sbatchArgs);
            case "constraint" -> new SlurmSettings(partition, account, time, gres, v, maxParallel, exclusive, cpus,
                    sbatchArgs);
            default -> throw new IllegalArgumentException("unknown slurm placement key '" + key + "'; valid: "
                    + PLACEMENT_KEYS);
        };
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
        partition.ifPresent(p -> out.add("--partition=" + p));
        account.ifPresent(p -> out.add("--account=" + p));
        time.ifPresent(p -> out.add("--time=" + p));
        gres.ifPresent(p -> out.add("--gres=" + p));
        constraint.ifPresent(p -> out.add("--constraint=" + p));
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
        Map<String, Object> m = new LinkedHashMap<>();
        partition.ifPresent(v -> m.put("partition", v));
        account.ifPresent(v -> m.put("account", v));
        time.ifPresent(v -> m.put("time", v));
        gres.ifPresent(v -> m.put("gres", v));
        constraint.ifPresent(v -> m.put("constraint", v));
        m.put("max-parallel", maxParallel);
        exclusive.ifPresent(v -> m.put("exclusive", v));
        if (cpus > 0) {
            m.put("cpus-per-task", cpus);
        }
        m.put("sbatch-args", sbatchArgs);
        return m;
    }
}
