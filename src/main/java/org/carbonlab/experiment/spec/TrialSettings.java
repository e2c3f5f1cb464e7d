package org.carbonlab.experiment.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carbonlab.workload.Architecture;
import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.engine.Engine;
import org.carbonlab.engine.Engines;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.compute.Precision;
import org.carbonlab.workload.Schedule;
import org.carbonlab.workload.Training;
import org.carbonlab.util.UserException;

/**
 * What one trial trains: the {@code workload} section of a study spec with a variant's values applied. Every
 * value is kept as its spec spelling too, so the resolved spec and a trial's child JVM see exactly what was
 * written.
 *
 * @param engine         who trains: {@code djl} (PyTorch), {@code nd4j} (SameDiff; the cnn family in fp32 only) or
 *                       {@code command} (the workload's command line)
 * @param model          {@code cnn}, {@code vit-tiny}, {@code cnn-wide}, {@code cnn-small}
 * @param precision      {@code fp32}, {@code fp16}, {@code amp-fp16}, {@code bf16}, {@code amp-bf16} (each engine
 *                       refuses what it cannot run: DJL the two bf16 modes, ND4J all but fp32)
 * @param epochs         most epochs
 * @param batchSize      examples per step
 * @param learningRate   Adam's base rate
 * @param schedule       learning-rate schedule
 * @param patience       early-stopping patience in epochs (0: none)
 * @param minDelta       early-stopping minimum improvement
 * @param targetAccuracy validation accuracy whose time and energy to reach are reported (NaN: none)
 * @param data           {@code bundled}, {@code full} (the Debian package's directory) or a directory of IDX files
 * @param trainExamples  use only the first N training examples (0: all)
 * @param teacher        directory of a saved {@code cnn-wide} to distil from ({@code none}: hard labels)
 * @param device         where it trains: {@code cpu} or {@code gpu} (DJL needs the cuda build; a command gets the word)
 * @param command        the training command of {@code engine: command} ({@link #NO_COMMAND} otherwise)
 * @param parameters     values of the keys only the command knows (declared under {@code parameters:})
 * @param env            environment variables set for the trial's process (spec {@code workload.env} and variant
 *                       keys {@code env.NAME}), on top of carbonlab's own environment
 * @param allocator      the memory allocator of the trial's process ({@link Allocator}; its variables come before
 *                       {@code env}, which may override them)
 */
public record TrialSettings(Engine engine, Architecture model, Precision precision, int epochs, int batchSize, float learningRate,
                            Schedule schedule, int patience, double minDelta, double targetAccuracy, String data,
                            int trainExamples, String teacher, ComputeDevice device, CommandTemplate command,
                            Map<String, String> parameters, Map<String, String> env, Allocator allocator) {

    /** The command of a workload that has none. */
    public static final CommandTemplate NO_COMMAND = new CommandTemplate(List.of(), List.of(), Map.of());

    /** Settings with an immutable copy of the parameters. */
    public TrialSettings {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** The keys of a {@code workload} section, in the order the resolved spec lists them. */
    public static final List<String> KEYS = List.of("engine", "model", "precision", "epochs", "batch-size", "learning-rate",
            "schedule", "patience", "min-delta", "target-accuracy", "data", "train-examples", "teacher", "device",
            "allocator");
    /** The prefix of a variant key that sets an environment variable of the trial's process. */
    public static final String ENV_PREFIX = Engine.ENV_PREFIX;
    /** The keys of a {@code workload} section that describe an {@code engine: command}'s command line. */
    public static final List<String> COMMAND_KEYS = List.of("command", "preflight", "parameters", "capture", "marks",
            "cwd");

    /** DESIGN.md's defaults: DJL, cnn, fp32, 1 epoch, batch 128, Adam 1e-3 constant, bundled data, no teacher. */
    public static TrialSettings defaults() {
        return new TrialSettings(Engines.of("djl"), Architecture.CNN, Precision.FP32, 1, 128, 1e-3f, Schedule.CONSTANT, 0, 0,
                Double.NaN, "bundled", 0, "none", ComputeDevice.CPU, NO_COMMAND, Map.of(), Map.of(), Allocator.DEFAULT);
    }

    /** These settings with {@code template} as the command, its declared parameters at their defaults. */
    public TrialSettings withCommand(CommandTemplate template) {
        Builder b = new Builder(this);
        b.command = template;
        b.parameters = new LinkedHashMap<>();
        template.parameters().forEach((k, allowed) -> b.parameters.put(k, allowed.get(0)));
        return b.build();
    }

    /**
     * Returns these settings with {@code key} set from its spec text; an {@link org.carbonlab.util.UserException} says
     * what is wrong and what is valid.
     */
    public TrialSettings with(String key, String text) {
        if (text == null) {
            throw new UserException("'" + key + "' needs a value");
        }
        String t = text.trim();
        Builder b = new Builder(this);
        try {
            switch (key) {
                case "engine" -> b.engine = Engines.of(t);
                case "model" -> b.model = Architecture.of(t);
                case "precision" -> b.precision = Precision.of(t);
                case "epochs" -> b.epochs = SettingValues.positive(key, t);
                case "batch-size" -> b.batchSize = SettingValues.positive(key, t);
                case "learning-rate" -> b.learningRate = (float) SettingValues.within(key, t, 0, 10, "must be in (0, 10)");
                case "schedule" -> b.schedule = Schedule.of(t);
                case "patience" -> b.patience = SettingValues.atLeastZero(key, t);
                case "min-delta" -> b.minDelta = SettingValues.minDelta(t);
                case "target-accuracy" -> b.targetAccuracy = SettingValues.targetAccuracy(t);
                case "data" -> b.data = SettingValues.data(t);
                case "train-examples" -> b.trainExamples = SettingValues.atLeastZero(key, t);
                case "device" -> b.device = ComputeDevice.of(t);
                case "allocator" -> {
                    b.allocator = Allocator.of(t);
                    b.allocator.environment(System.getenv()); // refused here where its library is not installed
                }
                case "teacher" -> b.teacher = SettingValues.teacher(t);
                default -> {
                    if (key.startsWith(ENV_PREFIX)) {
                        String name = key.substring(ENV_PREFIX.length());
                        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                            throw new UserException("'" + name + "' is not an environment variable name"
                                    + " (letters, digits and '_', not starting with a digit), e.g. env.OMP_NUM_THREADS");
                        }
                        b.env.put(name, t);
                        break;
                    }
                    List<String> allowed = command.parameters().get(key);
                    if (allowed == null) {
                        List<String> valid = new java.util.ArrayList<>(KEYS);
                        valid.addAll(command.parameters().keySet());
                        throw new UserException("unknown workload key '" + key + "'; valid: " + valid
                                + "; keys only a command knows are declared under workload.parameters with engine:"
                                + " command");
                    }
                    if (!allowed.contains(t)) {
                        throw new UserException(key + " '" + t + "' is not allowed by the command's"
                                + " parameters; valid: " + allowed);
                    }
                    b.parameters.put(key, t);
                }
            }
        } catch (org.carbonlab.util.UserException e) {
            throw new UserException(e.getMessage(), e);
        }
        return b.build();
    }

    /** The record's fields, mutable, so {@link #with} sets one key without repeating the constructor per key. */
    private static final class Builder {
        private Engine engine;
        private Architecture model;
        private Precision precision;
        private int epochs;
        private int batchSize;
        private float learningRate;
        private Schedule schedule;
        private int patience;
        private double minDelta;
        private double targetAccuracy;
        private String data;
        private int trainExamples;
        private String teacher;
        private ComputeDevice device;
        private CommandTemplate command;
        private Map<String, String> parameters;
        private Map<String, String> env;
        private Allocator allocator;

        Builder(TrialSettings s) {
            engine = s.engine;
            model = s.model;
            precision = s.precision;
            epochs = s.epochs;
            batchSize = s.batchSize;
            learningRate = s.learningRate;
            schedule = s.schedule;
            patience = s.patience;
            minDelta = s.minDelta;
            targetAccuracy = s.targetAccuracy;
            data = s.data;
            trainExamples = s.trainExamples;
            teacher = s.teacher;
            device = s.device;
            command = s.command;
            parameters = new LinkedHashMap<>(s.parameters);
            env = new LinkedHashMap<>(s.env);
            allocator = s.allocator;
        }

        TrialSettings build() {
            return new TrialSettings(engine, model, precision, epochs, batchSize, learningRate, schedule, patience,
                    minDelta, targetAccuracy, data, trainExamples, teacher, device, command, parameters, env, allocator);
        }
    }

    /** Checks what only a whole combination can get wrong. */
    public void requireConsistent() {
        try {
            engine.requireTrains(request());
        } catch (org.carbonlab.util.UserException e) {
            throw new UserException(e.getMessage(), e);
        }
        if (!teacher.equals("none") && model == Architecture.CNN_WIDE) {
            throw new UserException("the teacher cnn-wide cannot be its own student; distil into cnn-small");
        }
        if (trainExamples > 0 && command.command().isEmpty()) { // refused with its position, not in a trial
            int available;
            try {
                available = FashionMnist.trainingExamples(data.equals("bundled") ? java.util.Optional.empty()
                        : java.util.Optional.of(SettingValues.dataDir(data)));
            } catch (org.carbonlab.workload.WorkloadException e) {
                return; // the data cannot be read yet: the trial says why
            }
            SettingValues.requireExamples(trainExamples, available, "the " + (data.equals("bundled")
                    ? "bundled subset" : data));
        }
    }

    /** What the engine is asked to train. */
    public Engine.Request request() {
        return new Engine.Request(model, precision, !teacher.equals("none"), device, !command.command().isEmpty());
    }

    /** The spec spelling of every key, in {@link #KEYS} order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("engine", engine.id());
        m.put("model", model.id());
        m.put("precision", precision.id());
        m.put("epochs", Integer.toString(epochs));
        m.put("batch-size", Integer.toString(batchSize));
        m.put("learning-rate", Float.toString(learningRate));
        m.put("schedule", schedule.id());
        m.put("patience", Integer.toString(patience));
        m.put("min-delta", Double.toString(minDelta));
        m.put("target-accuracy", Double.isNaN(targetAccuracy) ? "none" : Double.toString(targetAccuracy));
        m.put("data", data);
        m.put("train-examples", Integer.toString(trainExamples));
        m.put("teacher", teacher);
        m.put("device", device.id());
        m.put("allocator", allocator.id());
        m.putAll(parameters);
        env.forEach((k, v) -> m.put(ENV_PREFIX + k, v));
        return m;
    }

    /**
     * The settings this workload's engine sees, spec spelling: a command's are the engine, the keys its command line
     * names as placeholders and the environment; a child JVM's are {@link #KEYS} and the environment.
     */
    public Map<String, String> seenByEngine() {
        java.util.Set<String> used = new java.util.HashSet<>(CommandTemplate.placeholders(command.command()));
        used.addAll(CommandTemplate.placeholders(command.preflight()));
        return engine.given(toMap(), KEYS, used);
    }

    /**
     * What the trial's process gets on top of carbonlab's own environment {@code inherited}: the allocator's
     * variables, then the spec's {@code env}, which wins where both set one.
     */
    public Map<String, String> processEnv(Map<String, String> inherited) {
        Map<String, String> m = new LinkedHashMap<>(allocator.environment(inherited));
        m.putAll(env);
        return m;
    }

    /** The spec spelling of the keys the trial JVM of {@code djl} and {@code nd4j} reads: {@link #KEYS} only. */
    public Map<String, String> engineMap() {
        Map<String, String> m = toMap();
        m.keySet().retainAll(KEYS);
        return m;
    }

    /** The command line of one trial: the command's placeholders filled from these settings and {@code seed}. */
    public List<String> commandLine(long seed) {
        return CommandTemplate.fill(command.command(), placeholderValues(seed));
    }

    /** The preflight command line, filled like {@link #commandLine} (empty: no preflight). */
    public List<String> preflightLine(long seed) {
        return CommandTemplate.fill(command.preflight(), placeholderValues(seed));
    }

    private Map<String, String> placeholderValues(long seed) {
        Map<String, String> values = toMap();
        values.put(CommandTemplate.SEED, Long.toString(seed));
        return values;
    }

    /** Reads settings written by {@link #toMap}. */
    public static TrialSettings fromMap(Map<String, String> m) {
        TrialSettings s = defaults();
        for (Map.Entry<String, String> e : m.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /** The training configuration for one repetition's {@code seed}. */
    public Training.Config config(long seed) {
        return new Training.Config(model, precision, epochs, batchSize, learningRate, seed, patience, minDelta,
                targetAccuracy, schedule, device);
    }

    /** Loads the data these settings name (bundled subset, the full set, or a directory), capped if asked. */
    public FashionMnist.Data loadData() {
        FashionMnist.Data d = data.equals("bundled") ? FashionMnist.bundled() : FashionMnist.load(SettingValues.dataDir(data));
        // never clamped silently: the study would claim examples it lacks
        SettingValues.requireExamples(trainExamples, d.train().size(), d.origin());
        if (trainExamples > 0 && trainExamples < d.train().size()) {
            d = new FashionMnist.Data(d.train().slice(0, trainExamples), d.validation(), d.test(),
                    d.origin() + ", first " + trainExamples + " training examples");
        }
        return d;
    }
}
