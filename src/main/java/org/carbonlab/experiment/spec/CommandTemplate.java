package org.carbonlab.experiment.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carbonlab.measure.Capture;
import org.carbonlab.measure.OutputWatch;
import org.carbonlab.util.UserException;

/**
 * The training command of an {@code engine: command} workload: an argument list with {@code {key}} placeholders
 * filled per trial from the trial's settings and seed, an optional preflight command run once per variant before a
 * run starts (it refuses what the interpreter or device cannot run, e.g. a missing torch), and the keys only the
 * command knows, each with its allowed values (the first is the default). The trial protocol it speaks is
 * {@code experiments/PROTOCOL.md}.
 *
 * @param command    the argument list; the first item is the program
 * @param preflight  the preflight argument list (empty: none)
 * @param parameters declared keys and their allowed values, in declaration order
 * @param captures   numbers to find in the command's output ({@code capture:}), in spec order
 * @param marks      mark labels and the output lines that set them ({@code marks:}), in spec order
 * @param cwd        the directory the command and its preflight start in (null: where carbonlab runs)
 */
public record CommandTemplate(List<String> command, List<String> preflight, Map<String, List<String>> parameters,
                              List<Capture> captures, Map<String, Pattern> marks, Path cwd) {

    /** A placeholder: {@code {name}} with a workload key, a declared parameter or {@code seed}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_-]*)}");
    /** The placeholder that every trial fills with its own seed. */
    public static final String SEED = "seed";

    /** A template with immutable copies. */
    public CommandTemplate {
        command = List.copyOf(command);
        preflight = List.copyOf(preflight);
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        captures = List.copyOf(captures);
        marks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(marks));
    }

    /** A template that captures nothing, marks nothing and starts where carbonlab runs. */
    public CommandTemplate(List<String> command, List<String> preflight, Map<String, List<String>> parameters) {
        this(command, preflight, parameters, List.of(), Map.of(), null);
    }

    /** A watch of one trial's output for this template's captures and marks, splitting the window with {@code onMark}. */
    public OutputWatch watch(java.util.function.Consumer<String> onMark) {
        return new OutputWatch(captures, marks, onMark);
    }

    /** The names of the placeholders in {@code args}, in order of first use. */
    public static Set<String> placeholders(List<String> args) {
        Set<String> names = new LinkedHashSet<>();
        for (String a : args) {
            Matcher m = PLACEHOLDER.matcher(a);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Fills the placeholders of {@code args} from {@code values}; a missing value is an error naming it. */
    public static List<String> fill(List<String> args, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            Matcher m = PLACEHOLDER.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v == null) {
                    throw new UserException("placeholder {" + m.group(1) + "} has no value; valid: "
                            + values.keySet().stream().map(k -> "{" + k + "}").toList());
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * Whether {@code name} is a program that can be started: a path (with a '/') relative to the working directory,
     * else an executable of that name in a directory of {@code PATH}.
     */
    public static boolean isProgram(String name, String pathVariable) {
        return org.carbonlab.util.Programs.find(name, pathVariable).isPresent();
    }
}
