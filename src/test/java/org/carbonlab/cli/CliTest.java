package org.carbonlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("forked")
class CliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private JsonNode summary(Path outDir) throws IOException {
        return new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
    }

    @Test
    void selftestPrintsTheCertificateOfASpecsDesignAndRefusesBadInput() {
        assertEquals(0, run("selftest", "experiments/quickstart.yaml", "--cv", "4%,0.25", "--studies", "500"));
        String o = out.toString();
        assertTrue(o.contains("design: 2 variants, 5 to 8 blocks, two-stage (2-block pilot) for +-10.0 %,"
                + " counterbalanced order"), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith(" 4.0 %")) && o.lines().anyMatch(l -> l.startsWith("25.0 %")),
                o);
        assertEquals(2, run("selftest", "experiments/quickstart.yaml", "--cv", "four"));
        assertTrue(err.toString().contains("--cv: a positive fraction such as 4% or 0.04, got 'four'"), err.toString());
        assertEquals(2, run("selftest", "experiments/quickstart.yaml", "--studies", "5"));
        assertEquals(2, run("selftest", dir.resolve("missing.yaml").toString()));
    }

    @Test
    void aCommandBuiltAloneIsTheCommandOfTheFullLine() {
        picocli.CommandLine all = Main.commandLine();
        assertEquals(Main.COMMANDS.size(), all.getSubcommands().size());
        for (String name : all.getSubcommands().keySet()) {
            picocli.CommandLine alone = Main.commandLine(new String[] {name, "--whatever"});
            if (name.equals("help")) { // the help answers about every command
                assertEquals(all.getUsageMessage(), alone.getUsageMessage());
                continue;
            }
            assertEquals(List.of(name), List.copyOf(alone.getSubcommands().keySet()), name);
            assertEquals(all.getSubcommands().get(name).getUsageMessage(),
                    alone.getSubcommands().get(name).getUsageMessage(), name);
        }
        assertEquals(all.getUsageMessage(), Main.commandLine(new String[] {"mesure"}).getUsageMessage());
        assertEquals(all.getUsageMessage(), Main.commandLine(new String[0]).getUsageMessage());
    }

    @Test
    void measurePassesTheExitCodeThroughAndWritesTraceAndSummary() throws IOException {
        Path o = dir.resolve("m");
        assertEquals(7, run("measure", "--source", "estimate", "--out", o.toString(), "--", "sh", "-c", "exit 7"));
        JsonNode s = summary(o);
        assertEquals(7, s.get("exit_code").asInt());
        assertEquals("sh", s.get("command").get(0).asText());
        assertTrue(Files.readString(o.resolve("power.csv")).contains("#mark,,,,begin:command"));
        assertTrue(err.toString().contains("exited with exit code 7"), err.toString());
    }

    @Test
    void measureCapturesNumbersFromBothStreamsIntoTheSummary() throws IOException {
        Path o = dir.resolve("cap");
        assertEquals(3, run("measure", "--source", "estimate", "--out", o.toString(),
                "--capture", "accuracy=Accuracy: [0-9]+/[0-9]+ [(]([0-9.]+)%[)]", "--capture", "loss=loss ([0-9.]+)",
                "--capture", "missing=Validation: ([0-9.]+)", "--", "sh", "-c",
                "echo 'Accuracy: 1/4 (25%)'; echo 'loss 0.5' >&2; echo 'Accuracy: 3/4 (75%)'; exit 3"));
        JsonNode c = summary(o).get("captures");
        assertEquals(75.0, c.get("accuracy").get("value").asDouble(), 1e-12, "the last match");
        assertEquals("stdout line 2", c.get("accuracy").get("where").asText());
        assertEquals(0.5, c.get("loss").get("value").asDouble(), 1e-12);
        assertEquals("stderr line 1", c.get("loss").get("where").asText());
        assertTrue(c.get("missing").get("value").isNull());
        assertTrue(c.get("missing").get("problem").asText().startsWith("no line of stdout or stderr matched"));
        assertTrue(err.toString().contains("captured accuracy: 75.000 (stdout line 2)"), err.toString());
        assertEquals(Main.EXIT_USAGE, run("measure", "--source", "estimate", "--out", dir.resolve("bad").toString(),
                "--capture", "accuracy", "--", "true"));
        assertTrue(err.toString().contains("--capture takes NAME=REGEX"), err.toString());
        assertTrue(Files.notExists(dir.resolve("bad")), "nothing measured, nothing written");
    }

    @Test
    void theDefaultEstimateCarriesItsBandIntoTheSummaryAndWhatif() throws IOException {
        Path o = dir.resolve("band");
        assertEquals(0, run("measure", "--source", "estimate", "--interval", "50ms", "--out", o.toString(), "--", "sh",
                "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"));
        JsonNode s = summary(o);
        JsonNode w = s.get("window");
        assertEquals("estimated:specpower", w.get("total_provenance").asText());
        double total = w.get("total_j").asDouble();
        assertTrue(total > 0 && w.get("total_low_j").asDouble() < total && total < w.get("total_high_j").asDouble(),
                w.toString());
        assertTrue(s.get("band").get("basis").asText().startsWith("SPECpower, "), s.get("band").toString());
        assertEquals(w.get("total_high_j").asDouble() / total, s.get("band").get("high").asDouble(), 1e-9,
                "the summary's band is the total's, not the whole VM's shown beside it");
        assertTrue(!s.get("band").get("basis").asText().contains("at the VM's"), s.get("band").toString());
        JsonNode c = s.get("carbon");
        assertEquals(w.get("total_low_j").asDouble() / total, c.get("co2e_g_low").asDouble()
                / c.get("co2e_g").asDouble(), 1e-9, "CO2e's band is the energy's");
        assertTrue(err.toString().contains("band:   total "), err.toString());
        assertEquals(0, run("whatif", "--summary", o.resolve("summary.json").toString(), "--regions", "DE,FR"));
        assertTrue(out.toString().contains("band: every energy and CO2e figure above lies in ["), out.toString());
        assertEquals(Main.EXIT_USAGE, run("measure", "--estimate", "guess", "--out", dir.resolve("x").toString(), "--",
                "true"));
        assertTrue(err.toString().contains("guess"), err.toString());
    }

    @Test
    void cpuBoundCommandIsEstimatedAsItsCpuTimeTimesWattsPerCore() throws IOException {
        Path o = dir.resolve("busy");
        Path stat = dir.resolve("stat");
        // the shell burns CPU, then records its own user+system ticks just before it exits
        String script = "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; cat /proc/$$/stat > " + stat;
        assertEquals(0, run("measure", "--source", "estimate", "--cpu-tdp-per-core", "10", "--interval", "50ms",
                "--out", o.toString(), "--", "sh", "-c", script));
        String[] f = Files.readString(stat).substring(Files.readString(stat).lastIndexOf(')') + 2).split(" ");
        double shellCpuSeconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        JsonNode cpu = summary(o).get("window").get("devices").get(0);
        assertEquals("estimate:cpu", cpu.get("channel").asText());
        assertEquals("estimated:tdp-model", cpu.get("provenance").asText());
        double joules = cpu.get("energy_j").asDouble();
        assertTrue(shellCpuSeconds > 0.05, "the loop should burn CPU, got " + shellCpuSeconds + " s");
        // 10 W per core x CPU-seconds; the tree also holds cat (a tick or two)
        assertEquals(shellCpuSeconds * 10, joules, 0.5, "estimate " + joules + " J vs " + shellCpuSeconds + " CPU-s");
        assertTrue(String.valueOf(summary(o).get("sources")).contains("10.00 W per core, as configured"));
    }

    @Test
    void aCommandThatCannotStartExitsWith127AndSaysWhy() {
        int code = run("measure", "--source", "estimate", "--out", dir.resolve("x").toString(), "--",
                "/no/such/program");
        assertEquals(127, code);
        assertTrue(err.toString().contains("cannot run '/no/such/program'"), err.toString());
    }

    @Test
    void aPreviousMeasurementIsNeverOverwritten() throws IOException {
        Path o = Files.createDirectories(dir.resolve("old"));
        Files.writeString(o.resolve("summary.json"), "{}");
        assertEquals(Main.EXIT_USAGE, run("measure", "--source", "estimate", "--out", o.toString(), "--", "true"));
        assertTrue(err.toString().contains("already holds a measurement"), err.toString());
        assertEquals("{}", Files.readString(o.resolve("summary.json")));
    }

    @Test
    void anUnreadableRequestedSourceStopsBeforeAnythingRuns() {
        Path marker = dir.resolve("ran");
        int code = run("measure", "--source", "rapl", "--powercap-root", dir.resolve("none").toString(), "--out",
                dir.resolve("o").toString(), "--", "touch", marker.toString());
        assertEquals(Main.EXIT_USAGE, code);
        assertTrue(err.toString().contains("power source 'rapl' cannot read: no powercap tree"), err.toString());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void badDurationsAndUnknownSourcesAreRejectedWithTheValidForms() {
        assertEquals(2, run("measure", "--interval", "fast", "--", "true"));
        assertTrue(err.toString().contains("write e.g. 100ms, 5s"), err.toString());
        assertEquals(2, run("measure", "--source", "magic", "--out", dir.resolve("o").toString(), "--", "true"));
        assertTrue(err.toString().contains("unknown power source 'magic'; valid: [auto, rapl, nvml, host, estimate],"
                + " host:PATH or replay:FILE"), err.toString());
    }

    @Test
    void sensorsReportsEachSourceFoundOrNotWithReasons() throws IOException {
        Path pc = dir.resolve("powercap");
        Path pkg = Files.createDirectories(pc.resolve("intel-rapl:0"));
        Files.writeString(pkg.resolve("name"), "package-0");
        Files.writeString(pkg.resolve("energy_uj"), "123");
        Files.writeString(pkg.resolve("max_energy_range_uj"), "262143328850");
        assertEquals(0, run("sensors", "--powercap-root", pc.toString()));
        String text = out.toString();
        assertTrue(text.contains("rapl      AVAILABLE"), text);
        assertTrue(text.contains("channel rapl:package-0"), text);
        assertTrue(text.contains("estimate  AVAILABLE"), text);
        assertTrue(text.contains("nvml"), text);

        out.getBuffer().setLength(0);
        assertEquals(0, run("sensors", "--powercap-root", dir.resolve("absent").toString()));
        assertTrue(out.toString().contains("rapl      ABSENT\n  why: no powercap tree"), out.toString());

        // a hypervisor exporter's energy tree of this VM, as Scaphandre's QEMU exporter shares it
        Path vm = Files.createDirectories(dir.resolve("scaphandre/intel-rapl:0"));
        Files.writeString(vm.resolve("energy_uj"), "5000000");
        out.getBuffer().setLength(0);
        assertEquals(0, run("sensors", "--source", "host:" + vm.getParent()));
        assertTrue(out.toString().contains("host") && out.toString().contains("channel host:intel-rapl:0")
                && !out.toString().contains("estimate"), out.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("measure", "--source", "host:" + dir.resolve("nowhere"), "--out",
                dir.resolve("h").toString(), "--", "true"));
        assertTrue(err.toString().startsWith("carbonlab: power source 'host:" + dir.resolve("nowhere")
                + "' cannot read: no host exporter at") && err.toString().strip().lines().count() == 1, err.toString());
    }

    @Test
    void interruptingMeasureStopsTheCommandAndStillWritesTheSummary() throws Exception {
        Path o = dir.resolve("int");
        Path log = dir.resolve("log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "measure", "--source", "estimate",
                "--out", o.toString(), "--", "sleep", "60"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // what Ctrl-C sends; but a JVM started with SIGINT ignored (a build run as a background job of a
        // non-interactive shell) leaves it ignored, so then send what `kill` and service managers send
        String signal = sigintIgnored() ? "TERM" : "INT";
        try {
            // wait until the command runs (its window has begun), then send what Ctrl-C sends
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(o.resolve("power.csv"))
                    && Files.readString(o.resolve("power.csv")).contains("begin:command"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "carbonlab did not stop after SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), Files.readString(log));
        JsonNode s = summary(o);
        assertTrue(s.get("interrupted").asBoolean());
        // 143: sleep (which did not get the signal here) was ended with SIGTERM after the grace period;
        // 130: the signal came before the command started, which then never starts
        int code = s.get("exit_code").asInt();
        assertTrue(code == 143 || code == 130, "exit code " + code);
        assertTrue(s.get("window").get("duration_s").asDouble() > 0);
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as its children then do. */
    private static boolean sigintIgnored() throws java.io.IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("SigIgn:")) {
                return (Long.parseLong(l.substring(7).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }
}
