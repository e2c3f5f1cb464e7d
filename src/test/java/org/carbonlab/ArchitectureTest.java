package org.carbonlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' layers as docs/design.md draws them, and its per-package rules, checked by ArchUnit on the
 * compiled classes (every reference the bytecode holds: imports of any form, fully qualified names, lambdas,
 * annotations). Class names written in string literals are invisible to bytecode analysis, so the sources are
 * scanned for those too.
 */
class ArchitectureTest {

    /** Lowest first; a package may use packages of lower layers only, never one of its own layer or above. */
    static final List<List<String>> LAYERS = List.of(
            List.of("util", "stats", "process"),
            List.of("hardware"),
            List.of("power"),
            List.of("power.source"),
            List.of("compute"),
            List.of("carbon"),
            List.of("kernel", "workload", "measure"),
            List.of("engine"),
            List.of("results"),
            List.of("experiment.spec"),
            List.of("experiment.run", "report.study", "jmh"),
            List.of("cluster", "report.bundle", "report.tools"),
            List.of("cli"));

    private static final String ROOT = "org.carbonlab";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyPackageUsesOnlyLowerLayers() {
        Architectures.LayeredArchitecture layered = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers();
        for (List<String> group : LAYERS) {
            for (String p : group) {
                layered = layered.layer(p).definedBy(ROOT + "." + p);
            }
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().flatMap(List::stream)
                    .toArray(String[]::new);
            for (String p : LAYERS.get(i)) {
                layered = above.length == 0 ? layered.whereLayer(p).mayNotBeAccessedByAnyLayer()
                        : layered.whereLayer(p).mayOnlyBeAccessedByLayers(above);
            }
        }
        layered.check(classes);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> layered = new java.util.TreeSet<>();
        LAYERS.forEach(g -> g.forEach(p -> layered.add(ROOT + "." + p)));
        List<String> missing = classes.stream().map(JavaClass::getPackageName).distinct()
                .filter(p -> !layered.contains(p)).sorted().toList();
        assertEquals(List.of(), missing, "packages without a layer: add them to LAYERS and to docs/design.md");
    }

    /** docs/design.md: stats depends on nothing of ours; hardware on nothing but util. */
    @Test
    void statsAndHardwareStandAlone() {
        noClasses().that().resideInAPackage(ROOT + ".stats").should().dependOnClassesThat(ours("stats"))
                .check(classes);
        noClasses().that().resideInAPackage(ROOT + ".hardware").should().dependOnClassesThat(ours("hardware", "util"))
                .check(classes);
    }

    /** docs/design.md: carbon reads power's types, never an engine or a power source. */
    @Test
    void carbonReadsPowerTypesOnly() {
        noClasses().that().resideInAPackage(ROOT + ".carbon").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".engine..", ROOT + ".power.source..").check(classes);
    }

    /** docs/design.md: the JMH adapters are thin: power and carbon (and stats' values), nothing of the study pipeline. */
    @Test
    void jmhAdaptersReadPowerAndCarbon() {
        noClasses().that().resideInAPackage(ROOT + ".jmh").should().dependOnClassesThat(ours("jmh", "power",
                "power.source", "carbon", "hardware", "stats", "util")).check(classes);
    }

    /**
     * docs/design.md: report reads results, stats and carbon (and power's value types). The reports of other stages'
     * own outputs read that stage: JMH and the roofline read kernel (and the models' FLOPs), {@code train}'s report
     * reads workload, {@code measure}'s reads measure; nothing else in report does.
     */
    @Test
    void reportReadsResultsStatsAndCarbon() {
        Map<String, List<String>> ownStage = new LinkedHashMap<>();
        ownStage.put("JmhReport", List.of("kernel", "workload", "compute"));
        ownStage.put("RooflineReport", List.of("kernel", "hardware"));
        ownStage.put("TrainingReport", List.of("workload", "compute"));
        ownStage.put("MeasurementReport", List.of("measure"));
        List<String> study = new ArrayList<>(List.of("report.study", "report.bundle", "report.tools", "results",
                "stats", "carbon", "power", "util"));
        noClasses().that(inReport(name -> !ownStage.containsKey(name))).should().dependOnClassesThat(ours(
                study.toArray(String[]::new))).check(classes);
        ownStage.forEach((name, stage) -> {
            List<String> allowed = new ArrayList<>(study);
            allowed.addAll(stage);
            noClasses().that(inReport(name::equals)).should().dependOnClassesThat(ours(allowed.toArray(String[]::new)))
                    .check(classes);
        });
    }

    /**
     * A class named in a string (a job script's entry point, a reflective lookup) is a dependency no bytecode shows:
     * such names must follow the layers too. The one exception is cluster's Slurm job script, which starts the
     * command line's entry point in a new process on the node (a process boundary, not a call).
     */
    @Test
    void classNamesInStringsFollowTheLayers() throws IOException {
        Map<String, Integer> layer = new LinkedHashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                layer.put(p, i);
            }
        }
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        Pattern name = Pattern.compile("org\\.carbonlab\\.([a-z0-9]+(?:\\.[a-z0-9]+)*)\\.[A-Z]");
        Path root = Path.of("src/main/java/org/carbonlab");
        List<String> violations = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String own = root.relativize(f.getParent()).toString().replace('/', '.');
            List<String> lines = Files.readAllLines(f);
            for (int n = 0; n < lines.size(); n++) {
                Matcher l = literal.matcher(lines.get(n));
                while (l.find()) {
                    Matcher m = name.matcher(l.group());
                    while (m.find()) {
                        String used = m.group(1);
                        while (!layer.containsKey(used) && used.contains(".")) {
                            used = used.substring(0, used.lastIndexOf('.'));
                        }
                        boolean jobScript = own.equals("cluster") && l.group().contains("org.carbonlab.cli.Main");
                        if (!used.equals(own) && !jobScript && layer.getOrDefault(used, 99) >= layer.get(own)) {
                            violations.add(f + ":" + (n + 1) + ": " + own + " names a class of " + used);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "class names in strings that go up or sideways");
    }

    /** Classes of ours outside {@code packages} (a sub-package is outside unless listed itself). */
    private static DescribedPredicate<JavaClass> ours(String... packages) {
        Set<String> allowed = new java.util.HashSet<>();
        for (String p : packages) {
            allowed.add(ROOT + "." + p);
        }
        return DescribedPredicate.describe("classes of carbonlab outside " + List.of(packages),
                c -> c.getPackageName().startsWith(ROOT + ".") && !allowed.contains(c.getPackageName()));
    }

    /** Report's classes (nested ones with their top-level class) whose top-level simple name passes {@code test}. */
    private static DescribedPredicate<JavaClass> inReport(java.util.function.Predicate<String> test) {
        return DescribedPredicate.describe("classes of report", c -> {
            if (!c.getPackageName().startsWith(ROOT + ".report.")) {
                return false;
            }
            String top = c.getName().substring(c.getPackageName().length() + 1).split("\\$")[0];
            return test.test(top);
        });
    }
}
