package org.carbonlab.experiment.spec;

import org.carbonlab.results.Json;
import org.carbonlab.results.StudyDefinition;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.carbon.Pue;
import org.carbonlab.experiment.spec.YamlTree.Mapping;
import org.carbonlab.experiment.spec.YamlTree.Node;
import org.carbonlab.experiment.spec.YamlTree.Position;
import org.carbonlab.experiment.spec.YamlTree.Scalar;
import org.carbonlab.experiment.spec.YamlTree.Sequence;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.stats.RunOrder;
import org.carbonlab.util.Durations;
import org.carbonlab.util.UserException;

/**
 * A validated study: what to train, which variants, how often, in which order, measured how, accounted where.
 * {@link #parse} refuses a bad spec before anything runs, naming {@code file:line:column}, what was wrong and the
 * valid options; {@code experiments/reference.yaml} documents every key.
 *
 * @param name         the study's name ({@code [a-z0-9-]+}); results go to {@code results/<name>/<run-id>/}
 * @param description  free text
 * @param workload     the settings every trial shares
 * @param variants     per workload key, the values the matrix crosses (document order)
 * @param rows         the variants listed one by one (a sequence of mappings) instead of a matrix; empty: the matrix
 * @param baseline     the variant others are compared with (default: the first)
 * @param repetitions  trials per variant
 * @param seed         repetition r (1-based) trains with seed {@code seed + r - 1} in every variant (paired)
 * @param order        {@code counterbalanced} (A B, B A, ...: the default), {@code interleaved} (A B, A B, ...) or
 *                     {@code randomised-blocks}
 * @param orderSeed    seeds the randomised blocks
 * @param cooldown     pause between trials
 * @param idleBaseline idle power measured once before the first trial (zero: none)
 * @param sources      power sources, as {@code --source} takes them
 * @param interval     sampling interval
 * @param estimate     the estimate's model ({@code power.estimate}; empty: the command line's, else the default)
 * @param region       grid or cloud region for CO2e (or empty with {@code intensity})
 * @param intensity    a fixed intensity in kg CO2e/kWh (NaN: use the region)
 * @param pue          PUE
 * @param trialTimeout a trial running longer is killed with its process tree and recorded as timed-out (zero: none)
 * @param slurm        where {@code run --slurm} places the trials (empty: no {@code slurm} section)
 * @param design       warm-ups, fixed or adaptive blocks, budget, quiet-machine gate ({@code repetitions} is its
 *                     most blocks)
 * @param labels       the words reports show for a variant, by its name ({@code label} of a listed variant,
 *                     {@code labels} for a matrix); empty: none
 * @param tune         the race of {@code carbonlab tune} ({@code tune:}): the variants are its candidates, the
 *                     baseline its default setting (empty: a study)
 */
public record ExperimentSpec(String name, String description, TrialSettings workload,
                             Map<String, List<String>> variants, List<Map<String, String>> rows, String baseline,
                             int repetitions, long seed, RunOrder order, long orderSeed, Duration cooldown,
                             Duration idleBaseline, List<String> sources, Duration interval,
                             Optional<EstimateSource.Model> estimate, Optional<String> region,
                             double intensity, Pue pue, Duration trialTimeout, Optional<SlurmSettings> slurm,
                             Design design, Map<String, String> labels,
                             Optional<org.carbonlab.results.TuneDefinition> tune) {

    /** Top-level keys: those of the run's definition, the one schema of a study. */
    public static final List<String> KEYS = Json.fields(StudyDefinition.class);
    /** Keys of {@code power}. */
    public static final List<String> POWER_KEYS = Json.fields(StudyDefinition.Power.class);
    /** Keys of {@code carbon}. */
    public static final List<String> CARBON_KEYS = Json.fields(StudyDefinition.Carbon.class);
    /** Run orders. */
    public static final List<String> ORDERS = RunOrder.ids();

    /** Reads and validates the spec in {@code file}. */
    public static ExperimentSpec parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read the study spec " + file + ": " + e.getMessage(), e);
        }
        return parse(new StringReader(text), file.toString());
    }

    /** Reads and validates a spec; {@code file} names it in messages. */
    public static ExperimentSpec parse(Reader in, String file) {
        Node root = YamlTree.read(in, file);
        Mapping top = mapping(root, "the study");
        requireKnown(top, KEYS, "the study");
        String name = name(top);
        String description = optional(top, "description").map(n -> text(n, "description")).orElse("");

        Optional<Mapping> wm = optional(top, "workload").map(n -> mapping(n, "workload"));
        TrialSettings workload = wm.map(CommandSpec::workload).orElse(TrialSettings.defaults());
        List<String> variableKeys = new ArrayList<>(TrialSettings.KEYS);
        variableKeys.addAll(workload.command().parameters().keySet());
        variableKeys.addAll(SlurmSettings.variantKeys());
        variableKeys.add(TrialSettings.ENV_PREFIX + "NAME");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        Node vn = top.entries().get("variants");
        Mapping vm = vn == null || vn instanceof Sequence ? null : mapping(vn, "variants");
        Map<String, String> labels = new LinkedHashMap<>();
        if (vn instanceof Sequence rowList) {
            rows = CommandSpec.rows(rowList, workload, variableKeys, labels);
        }
        if (vm != null) {
            variants = SpecSections.matrix(vm, workload, variableKeys);
        }
        ExperimentSpec partial = new ExperimentSpec(name, description, workload, variants, rows, "", 1, Defaults.SEED,
                Defaults.ORDER, Defaults.SEED, Defaults.NONE, Defaults.NONE, Defaults.SOURCES,
                org.carbonlab.power.Sampler.DEFAULT_INTERVAL, Optional.empty(), Optional.empty(), Double.NaN,
                Pue.GLOBAL_2021, Defaults.NONE, Optional.empty(), Design.fixed(1), Map.of(), Optional.empty());
        List<Plan.Variant> expanded;
        try {
            expanded = Plan.variants(partial);
        } catch (IllegalArgumentException | UserException e) {
            throw new SpecException(vn != null ? vn.at() : top.at(), e.getMessage());
        }
        wm.ifPresent(m -> CommandSpec.requireUsed(m, vn != null ? vn : top, expanded));
        SpecSections.labels(top, expanded, labels);
        String baseline = SpecSections.baseline(top, expanded);
        Optional<org.carbonlab.results.TuneDefinition> tune = optional(top, "tune").map(n -> TuneSpec.parse(top, n,
                expanded.size(), optional(top, "warmup").map(w -> integer(w, "warmup", 0,
                        100)).orElse(Defaults.WARMUP)));
        Design design = tune.map(t -> Design.parse(top).racing(t)).orElseGet(() -> Design.parse(top));
        int repetitions = design.maxBlocks();
        long seed = optional(top, "seed").map(n -> (long) integer(n, "seed", 0,
                Integer.MAX_VALUE)).orElse(Defaults.SEED);
        RunOrder order = optional(top, "order").map(n -> RunOrder.of(oneOf(n, "order", ORDERS)))
                .orElse(Defaults.ORDER);
        long orderSeed = optional(top, "order-seed").map(n -> (long) integer(n, "order-seed", 0, Integer.MAX_VALUE))
                .orElse(seed);
        Duration cooldown = optional(top, "cooldown").map(n -> duration(n, "cooldown")).orElse(Defaults.NONE);
        Duration idle = optional(top, "idle-baseline").map(n -> duration(n, "idle-baseline")).orElse(Defaults.NONE);
        Duration trialTimeout = optional(top, "trial-timeout").map(n -> n instanceof Scalar sc
                && "none".equals(sc.text()) ? Duration.ZERO : duration(n, "trial-timeout")).orElse(Defaults.NONE);
        SpecSections.Power power = SpecSections.power(top);
        SpecSections.Carbon carbon = SpecSections.carbon(top);
        return new ExperimentSpec(name, description, workload, variants, rows, baseline, repetitions, seed, order,
                orderSeed, cooldown, idle, power.sources(), power.interval(), power.estimate(), carbon.region(),
                carbon.intensity(), carbon.pue(), trialTimeout,
                optional(top, "slurm").map(n -> SlurmSettings.parse(mapping(n, "slurm"))), design,
                Map.copyOf(labels), tune);
    }

    /** The study's name: lower-case letters, digits and '-' (it names the results directory). */
    private static String name(Mapping top) {
        String name = text(required(top, "name", "the study"), "name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new SpecException(top.entries().get("name").at(), "name '" + name
                    + "' must be lower-case letters, digits and '-' (it names the results directory)");
        }
        return name;
    }

    /** The resolved spec as the run's definition: every default filled in, in a stable order. */
    public StudyDefinition resolved() {
        boolean engineVaries = variants.containsKey("engine") || rows.stream().anyMatch(r -> r.containsKey("engine"));
        // a command's trials see only the keys its command line names: the others are not written as if they mattered
        Map<String, Object> w = new LinkedHashMap<>(engineVaries ? workload.toMap() : workload.seenByEngine());
        resolvedCommand(workload.command(), w);
        Map<String, String> ordered = new LinkedHashMap<>(); // labels in plan order
        if (!labels.isEmpty()) { // the plan's variants only where there are labels to order
            Plan.variants(this).forEach(v -> {
                if (labels.containsKey(v.name())) {
                    ordered.put(v.name(), labels.get(v.name()));
                }
            });
        }
        return new StudyDefinition(name, description, w, rows.isEmpty() ? variants : rows, baseline, ordered,
                design.warmup(), design.repetitionsDefinition(), design.budgetDefinition(), design.quietDefinition(),
                seed, order.id(), orderSeed, cooldown.toString(), idleBaseline.toString(),
                trialTimeout.isZero() ? null : trialTimeout.toString(),
                new StudyDefinition.Power(sources, interval.toString(), estimate.map(e -> e.id()).orElse(null)),
                new StudyDefinition.Carbon(region.orElse(null), Double.isNaN(intensity) ? null : intensity,
                        pue.value()), slurm.map(SlurmSettings::toMap).orElse(null), tune.orElse(null));
    }

    /** Adds a command workload's settings to its resolved {@code workload} section {@code w}. */
    private static void resolvedCommand(CommandTemplate c, Map<String, Object> w) {
        if (!c.command().isEmpty()) { // only command workloads: older specs resolve as before
            w.put("command", c.command());
            w.put("preflight", c.preflight());
            w.put("parameters", c.parameters());
            if (!c.captures().isEmpty()) {
                Map<String, Object> captures = new LinkedHashMap<>();
                for (org.carbonlab.measure.Capture x : c.captures()) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("pattern", x.pattern().pattern());
                    one.put("scale", x.scale());
                    one.put("match", x.last() ? "last" : "first");
                    one.put("unit", x.unit());
                    captures.put(x.name(), one);
                }
                w.put("capture", captures);
            }
            if (!c.marks().isEmpty()) {
                Map<String, String> marks = new LinkedHashMap<>();
                c.marks().forEach((label, p) -> marks.put(label, p.pattern()));
                w.put("marks", marks);
            }
            if (c.cwd() != null) {
                w.put("cwd", c.cwd().toString());
            }
        }
    }

    static TrialSettings apply(TrialSettings s, String key, Node value) {
        if (key.startsWith(SlurmSettings.PREFIX)) { // a placement, not a workload setting: only checked here
            at(value, "", () -> SlurmSettings.DEFAULTS.with(key.substring(SlurmSettings.PREFIX.length()),
                    text(value, "variants." + key)));
            return s;
        }
        return at(value, "", () -> {
            TrialSettings t = s.with(key, text(value, "workload." + key));
            t.requireConsistent();
            return t;
        });
    }

    /**
     * Runs {@code f}; an {@link org.carbonlab.util.UserException} it throws (a value the lower layers refuse) becomes a
     * {@link SpecException} at {@code n}, its message after {@code prefix}. A SpecException already carries its
     * position and passes through.
     */
    static <T> T at(Node n, String prefix, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException | org.carbonlab.util.UserException e) {
            throw new SpecException(n.at(), prefix + e.getMessage());
        }
    }

    static Mapping mapping(Node n, String what) {
        if (n instanceof Mapping m) {
            return m;
        }
        throw new SpecException(n.at(), what + " must be a mapping of keys to values, not " + n.kind());
    }

    static void requireKnown(Mapping m, List<String> keys, String where) {
        for (Map.Entry<String, Position> k : m.keys().entrySet()) {
            boolean env = keys.contains(TrialSettings.ENV_PREFIX + "NAME") && k.getKey().startsWith(
                    TrialSettings.ENV_PREFIX);
            if (!keys.contains(k.getKey()) && !env) {
                throw new SpecException(k.getValue(), "unknown key '" + k.getKey() + "' in " + where + "; valid: "
                        + String.join(", ", keys));
            }
        }
    }

    private static Node required(Mapping m, String key, String where) {
        Node n = m.entries().get(key);
        if (n == null) {
            throw new SpecException(m.at(), where + " needs '" + key + "'");
        }
        return n;
    }

    static Optional<Node> optional(Mapping m, String key) {
        return Optional.ofNullable(m.entries().get(key));
    }

    static String text(Node n, String key) {
        if (n instanceof Scalar s && s.text() != null) {
            return s.text();
        }
        throw new SpecException(n.at(), key + " must be a single value, not " + n.kind());
    }

    static int integer(Node n, String key, int min, int max) {
        int v = at(n, "", () -> SettingValues.integer(key, text(n, key)));
        if (v < min || v > max) {
            throw new SpecException(n.at(), key + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    static double number(Node n, String key) {
        return at(n, "", () -> SettingValues.number(key, text(n, key)));
    }

    private static String oneOf(Node n, String key, List<String> valid) {
        String v = text(n, key);
        if (!valid.contains(v)) {
            throw new SpecException(n.at(), "unknown " + key + " '" + v + "'; valid: " + String.join(", ", valid));
        }
        return v;
    }

    static Duration duration(Node n, String key) {
        Duration d = at(n, key + ": ", () -> Durations.parse(text(n, key)));
        if (d.isNegative()) {
            throw new SpecException(n.at(), key + " cannot be negative");
        }
        return d;
    }
}
