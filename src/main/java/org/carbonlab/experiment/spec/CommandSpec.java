package org.carbonlab.experiment.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.carbonlab.measure.Capture;
import org.carbonlab.measure.OutputWatch;

import org.carbonlab.experiment.spec.YamlTree.Mapping;
import org.carbonlab.experiment.spec.YamlTree.Node;
import org.carbonlab.experiment.spec.YamlTree.Sequence;

/**
 * The parts of a study spec that {@code engine: command} adds: the workload's {@code command}, {@code preflight}
 * and {@code parameters}, variants listed row by row, and the checks that a command and the spec agree (every
 * placeholder has a value, every declared or varied key reaches the command), each refused at its position.
 */
final class CommandSpec {

    /** The key of a listed variant that names it for readers. */
    static final String LABEL = "label";

    /** The workload key of the environment variables every trial's process gets. */
    static final String ENV = "env";
    /** The workload key of the trial process's allocator: it reaches a command through its environment, no placeholder. */
    static final String ALLOCATOR = "allocator";

    private CommandSpec() {
    }

    /** Reads the {@code workload} section: command keys first, then the engine, then the rest in document order. */
    static TrialSettings workload(Mapping wm) {
        Map<String, List<String>> parameters = parameters(wm);
        List<String> known = new ArrayList<>(TrialSettings.KEYS);
        known.addAll(TrialSettings.COMMAND_KEYS);
        known.add(ENV);
        known.addAll(parameters.keySet());
        ExperimentSpec.requireKnown(wm, known, "workload");
        Set<String> valid = new LinkedHashSet<>(TrialSettings.KEYS);
        valid.addAll(parameters.keySet());
        valid.add(CommandTemplate.SEED);
        Path cwd = cwd(wm);
        List<String> command = arguments(wm, "command", valid, cwd);
        List<String> preflight = arguments(wm, "preflight", valid, cwd);
        for (String key : List.of("preflight", "capture", "marks", "cwd")) {
            if (wm.entries().containsKey(key) && command.isEmpty()) {
                throw new SpecException(wm.keys().get(key), "workload." + key + " needs workload.command (engine:"
                        + " command)");
            }
        }
        TrialSettings s = TrialSettings.defaults();
        if (!command.isEmpty()) {
            s = s.withCommand(new CommandTemplate(command, preflight, parameters, captures(wm), marks(wm), cwd));
        }
        return applyEngineFirst(s, wm);
    }

    /**
     * {@code capture:}: a mapping of metric names to a pattern, or to {@code {pattern, scale, match, unit}}
     * ({@code match}: {@code first} or {@code last}, the default).
     */
    private static List<Capture> captures(Mapping wm) {
        Node n = wm.entries().get("capture");
        if (n == null) {
            return List.of();
        }
        List<Capture> out = new ArrayList<>();
        Mapping cm = ExperimentSpec.mapping(n, "workload.capture");
        for (Map.Entry<String, Node> e : cm.entries().entrySet()) {
            String name = e.getKey();
            String where = "workload.capture." + name;
            out.add(ExperimentSpec.at(e.getValue(), "", () -> {
                if (!(e.getValue() instanceof Mapping m)) {
                    return Capture.of(name, ExperimentSpec.text(e.getValue(), where));
                }
                ExperimentSpec.requireKnown(m, List.of("pattern", "scale", "match", "unit"), where);
                Node pattern = m.entries().get("pattern");
                if (pattern == null) {
                    throw new SpecException(m.at(), where + " needs a pattern, e.g. pattern: 'Accuracy: ([\\d.]+)'");
                }
                String match = m.entries().containsKey("match") ? ExperimentSpec.text(m.entries().get("match"),
                        where + ".match") : "last";
                if (!match.equals("first") && !match.equals("last")) {
                    throw new SpecException(m.entries().get("match").at(), where + ".match must be first or last,"
                            + " got '" + match + "'");
                }
                double scale = m.entries().containsKey("scale") ? SettingValues.number(where + ".scale",
                        ExperimentSpec.text(m.entries().get("scale"), where + ".scale")) : 1;
                String unit = m.entries().containsKey("unit") ? ExperimentSpec.text(m.entries().get("unit"),
                        where + ".unit") : "";
                return new Capture(name, Capture.compile(name, ExperimentSpec.text(pattern, where + ".pattern")),
                        scale, match.equals("last"), unit);
            }));
        }
        return out;
    }

    /** {@code marks:}: a mapping of mark labels to the pattern of the output line that sets each. */
    private static Map<String, Pattern> marks(Mapping wm) {
        Node n = wm.entries().get("marks");
        Map<String, Pattern> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        Mapping mm = ExperimentSpec.mapping(n, "workload.marks");
        for (Map.Entry<String, Node> e : mm.entries().entrySet()) {
            out.put(e.getKey(), ExperimentSpec.at(e.getValue(), "", () -> {
                OutputWatch.requireLabel(e.getKey());
                return Capture.compile("mark " + e.getKey(), ExperimentSpec.text(e.getValue(),
                        "workload.marks." + e.getKey()));
            }));
        }
        return out;
    }

    /** {@code cwd:}: an existing directory (relative: to where carbonlab runs), or null. */
    private static Path cwd(Mapping wm) {
        Node n = wm.entries().get("cwd");
        if (n == null) {
            return null;
        }
        Path dir = Path.of(ExperimentSpec.text(n, "workload.cwd"));
        if (!Files.isDirectory(dir)) {
            throw new SpecException(n.at(), "workload.cwd '" + dir + "' is not a directory (relative paths start in"
                    + " the directory carbonlab runs in)");
        }
        return dir;
    }

    /**
     * Applies the keys of {@code m} to {@code s}, the engine first (what is valid depends on it), the others in
     * document order; the command keys are read elsewhere.
     */
    private static TrialSettings applyEngineFirst(TrialSettings s, Mapping m) {
        Node engine = m.entries().get("engine");
        if (engine != null) {
            s = ExperimentSpec.apply(s, "engine", engine);
        }
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            if (e.getKey().equals(ENV)) { // workload.env: {NAME: value, ...}, each as the key env.NAME
                for (Map.Entry<String, Node> v : ExperimentSpec.mapping(e.getValue(), "workload.env").entries()
                        .entrySet()) {
                    s = ExperimentSpec.apply(s, TrialSettings.ENV_PREFIX + v.getKey(), v.getValue());
                }
            } else if (!e.getKey().equals("engine") && !TrialSettings.COMMAND_KEYS.contains(e.getKey())) {
                s = ExperimentSpec.apply(s, e.getKey(), e.getValue());
            }
        }
        return s;
    }

    /**
     * Variants listed one by one: a sequence of mappings of workload keys to single values, each optionally with a
     * {@code label} (the words reports show for it), put into {@code labels} by the variant's name.
     */
    static List<Map<String, String>> rows(Sequence list, TrialSettings workload, List<String> keys,
                                          Map<String, String> labels) {
        if (list.items().isEmpty()) {
            throw new SpecException(list.at(), "variants is an empty list");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        Set<Map<String, String>> seen = new LinkedHashSet<>();
        for (Node item : list.items()) {
            Mapping m = ExperimentSpec.mapping(item, "each item of a variants list");
            List<String> withLabel = new ArrayList<>(keys);
            withLabel.add(LABEL);
            ExperimentSpec.requireKnown(m, withLabel, "a variant");
            Map<String, Node> settings = new LinkedHashMap<>(m.entries());
            Node label = settings.remove(LABEL);
            if (settings.isEmpty()) {
                throw new SpecException(item.at(), "a variant needs at least one key besides its label");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : settings.entrySet()) {
                row.put(e.getKey(), ExperimentSpec.text(e.getValue(), "variants." + e.getKey()));
            }
            applyEngineFirst(workload, new Mapping(m.at(), settings, m.keys())); // refused at the value at fault
            if (label != null) {
                String words = ExperimentSpec.text(label, "label").strip();
                if (words.isEmpty() || labels.containsValue(words)) {
                    throw new SpecException(label.at(), words.isEmpty() ? "a label must say something"
                            : "label '" + words + "' is given to two variants: a reader could not tell them apart");
                }
                labels.put(Plan.name(row), words);
            }
            if (!seen.add(row)) {
                throw new SpecException(item.at(), "duplicate variant " + row + ": two rows would carry the same name");
            }
            rows.add(java.util.Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    /**
     * Refuses a command that no variant runs, a declared parameter the command never uses, and a key that a spec
     * sets or varies for a command variant but that never reaches its command line: every trial would run the
     * same command while the results claimed otherwise.
     */
    static void requireUsed(Mapping wm, Node variantsNode, List<Plan.Variant> variants) {
        Node commandNode = wm.entries().get("command");
        if (commandNode == null) {
            return;
        }
        List<Plan.Variant> commands = variants.stream()
                .filter(v -> !(v.settings().engine() instanceof org.carbonlab.engine.JvmEngine)).toList();
        if (commands.isEmpty()) {
            throw new SpecException(commandNode.at(), "workload.command is given but no variant trains with engine:"
                    + " command; set workload.engine: command or vary engine");
        }
        CommandTemplate t = commands.get(0).settings().command();
        Set<String> used = CommandTemplate.placeholders(t.command());
        Node params = wm.entries().get("parameters");
        for (String p : t.parameters().keySet()) {
            if (!used.contains(p)) {
                throw new SpecException(((Mapping) params).keys().get(p), "parameter '" + p + "' is declared but the"
                        + " command has no {" + p + "}; use it in workload.command or remove it");
            }
        }
        for (Map.Entry<String, YamlTree.Position> k : wm.keys().entrySet()) {
            String key = k.getKey();
            if (!key.equals("engine") && !key.equals(ENV) && !key.equals(ALLOCATOR)
                    && !TrialSettings.COMMAND_KEYS.contains(key) && !used.contains(key)) {
                throw new SpecException(k.getValue(), "workload." + key + " is set but the command has no {" + key
                        + "}: the command would not see it; pass it as an argument or remove the key");
            }
        }
        for (Plan.Variant v : commands) {
            for (String key : v.values().keySet()) {
                if (!key.equals("engine") && !key.equals(ALLOCATOR) && !key.startsWith(SlurmSettings.PREFIX)
                        && !key.startsWith(TrialSettings.ENV_PREFIX) && !used.contains(key)) { // env reaches it too
                    throw new SpecException(variantsNode.at(), "variant '" + v.name() + "' varies " + key + " but the"
                            + " command has no {" + key + "}: its trials would all run the same command");
                }
            }
        }
    }

    private static Map<String, List<String>> parameters(Mapping wm) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Node n = wm.entries().get("parameters");
        if (n == null) {
            return out;
        }
        Mapping pm = ExperimentSpec.mapping(n, "workload.parameters");
        for (Map.Entry<String, Node> e : pm.entries().entrySet()) {
            String name = e.getKey();
            if (TrialSettings.KEYS.contains(name) || name.equals(CommandTemplate.SEED)) {
                throw new SpecException(pm.keys().get(name), "'" + name + "' is already a workload key, so it needs"
                        + " no declaring: write {" + name + "} in workload.command and set " + (name.equals("seed")
                        ? "the study's seed" : "workload." + name + " or vary it under variants") + "; parameters"
                        + " declares only keys carbonlab does not have, e.g. device-map: [auto, cpu]");
            }
            if (TrialSettings.COMMAND_KEYS.contains(name) || !name.matches("[a-z0-9][a-z0-9_-]*")) {
                throw new SpecException(pm.keys().get(name), "parameter '" + name + "' must be a new key of"
                        + " lower-case letters, digits, '-' and '_', not one of " + TrialSettings.COMMAND_KEYS);
            }
            List<Node> items = e.getValue() instanceof Sequence s ? s.items() : List.of(e.getValue());
            Set<String> allowed = new LinkedHashSet<>();
            for (Node item : items) {
                if (!allowed.add(ExperimentSpec.text(item, "parameters." + name))) {
                    throw new SpecException(item.at(), "duplicate value in parameters." + name);
                }
            }
            if (allowed.isEmpty()) {
                throw new SpecException(e.getValue().at(), "parameters." + name + " lists no allowed value");
            }
            out.put(name, List.copyOf(allowed));
        }
        return out;
    }

    private static List<String> arguments(Mapping wm, String key, Set<String> valid, Path cwd) {
        Node n = wm.entries().get(key);
        if (n == null) {
            return List.of();
        }
        if (!(n instanceof Sequence s) || s.items().isEmpty()) {
            throw new SpecException(n.at(), "workload." + key + " must be a non-empty list of arguments, e.g."
                    + " [/usr/bin/python3, experiments/pytorch/fmnist.py, --seed, \"{seed}\"]");
        }
        List<String> args = new ArrayList<>();
        for (Node item : s.items()) {
            String a = ExperimentSpec.text(item, "workload." + key);
            for (String p : CommandTemplate.placeholders(List.of(a))) {
                if (!valid.contains(p)) {
                    throw new SpecException(item.at(), "unknown placeholder {" + p + "} in workload." + key
                            + "; valid: " + valid.stream().map(v -> "{" + v + "}").toList()
                            + " (declare a new key under workload.parameters)");
                }
            }
            args.add(a);
        }
        String first = args.get(0);
        boolean filledPerTrial = !CommandTemplate.placeholders(List.of(first)).isEmpty();
        String program = cwd != null && first.contains("/") ? cwd.resolve(first).toString() : first;
        if (!filledPerTrial && !CommandTemplate.isProgram(program, System.getenv("PATH"))) {
            throw new SpecException(s.items().get(0).at(), "workload." + key + ": program '" + first + "' is not"
                    + (first.contains("/") ? " an executable file (relative paths start in " + (cwd == null
                    ? "the directory carbonlab runs in)" : "workload.cwd, " + cwd + ")") : " an executable on PATH"));
        }
        return args;
    }
}
