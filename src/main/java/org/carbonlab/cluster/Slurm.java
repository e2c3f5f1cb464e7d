package org.carbonlab.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.carbonlab.util.UserException;

/**
 * Slurm's client commands ({@code sbatch}, {@code squeue}, {@code scancel}, {@code scontrol}, {@code sacct}) as
 * the lab calls them: from the directory {@code CARBONLAB_SLURM_BIN} names or the {@code PATH}, with an
 * environment the caller may extend (e.g. {@code SLURM_CONF}); a command that is missing or a controller that
 * does not answer is a {@link UserException} that says so.
 */
public final class Slurm {

    private final Optional<Path> bin;
    private final Map<String, String> env;

    /**
     * @param bin where the commands are (empty: the {@code PATH})
     * @param env variables added to the commands' environment
     */
    public Slurm(Optional<Path> bin, Map<String, String> env) {
        this.bin = bin;
        this.env = Map.copyOf(env);
    }

    /** The commands {@code CARBONLAB_SLURM_BIN} (or the {@code PATH}) names, in this process's environment. */
    public static Slurm fromEnvironment() {
        return new Slurm(Optional.ofNullable(System.getenv("CARBONLAB_SLURM_BIN")).map(Path::of), Map.of());
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command args...}; an {@link UserException} when the command does not exist. */
    Result run(String command, List<String> args) {
        Path exe = executable(command);
        List<String> line = new ArrayList<>();
        line.add(exe.toString());
        line.addAll(args);
        try {
            Path out = Files.createTempFile("carbonlab-slurm-", ".out");
            Path err = Files.createTempFile("carbonlab-slurm-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    org.carbonlab.process.ProcessStop.kill(p.toHandle());
                    throw new UserException(command + " did not answer within 60 s: is the Slurm controller up?");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                        Files.readString(err, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UserException("cannot run " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while " + command + " ran", e);
        }
    }

    private Path executable(String command) {
        if (bin.isPresent()) {
            Path p = bin.get().resolve(command);
            if (!Files.isExecutable(p)) {
                throw new UserException(command + " is not in " + bin.get() + " (CARBONLAB_SLURM_BIN): install"
                        + " Slurm's client commands or run without --slurm");
            }
            return p;
        }
        return org.carbonlab.util.Programs.find(command, System.getenv("PATH")).orElseThrow(() -> new UserException(
                command + " is not on the PATH: install Slurm's client commands (Debian: slurm-client) or run"
                        + " without --slurm"));
    }

    /** Refuses, before anything is submitted, when sbatch is missing or the controller does not answer. */
    public void requireReachable() {
        executable("sbatch");
        Result ping = run("scontrol", List.of("ping"));
        if (!ping.ok() || !ping.out().contains("UP")) {
            String said = (ping.out() + " " + ping.err()).strip().replaceAll("\\s+", " ");
            throw new UserException("the Slurm controller does not answer (scontrol ping: "
                    + (said.isEmpty() ? "exit code " + ping.exitCode() : said) + "); nothing was submitted");
        }
    }

    /** Submits with {@code args} ({@code --parsable} added); returns the job id. */
    public String sbatch(List<String> args) {
        List<String> a = new ArrayList<>();
        a.add("--parsable");
        a.addAll(args);
        Result r = run("sbatch", a);
        if (!r.ok() || !r.out().matches("\\d+(;\\S+)?")) {
            throw new UserException("sbatch refused the job (exit code " + r.exitCode() + "): "
                    + (r.err().isEmpty() ? r.out() : r.err()).replaceAll("\\s+", " "));
        }
        return r.out().split(";")[0];
    }

    /**
     * The state of each job and array task of {@code jobIds} that Slurm still knows ({@code 12_3 -> RUNNING}), from
     * {@code squeue -t all}; finished jobs are known for the controller's MinJobAge.
     */
    public Map<String, String> states(List<String> jobIds) {
        Map<String, String> m = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return m;
        }
        Result r = run("squeue", List.of("-h", "-r", "-t", "all", "-j", String.join(",", jobIds), "-o", "%i|%T"));
        if (!r.ok()) {
            return m; // jobs the controller forgot: no states
        }
        for (String line : r.out().lines().toList()) {
            String[] f = line.strip().split("\\|");
            if (f.length == 2) {
                m.put(f[0], f[1]);
            }
        }
        return m;
    }

    /** Cancels {@code jobIds}. */
    public void scancel(List<String> jobIds) {
        if (!jobIds.isEmpty()) {
            run("scancel", jobIds);
        }
    }

    /**
     * {@code sacct}'s energy of {@code jobIds} ({@code JobID|ConsumedEnergyRaw|State}, one line per job step), or
     * empty where sacct has no accounting (no slurmdbd).
     */
    public Optional<String> sacctEnergy(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Optional.empty();
        }
        try {
            Result r = run("sacct", List.of("-n", "-P", "-j", String.join(",", jobIds), "-o",
                    "JobID,ConsumedEnergyRaw,State"));
            return r.ok() && !r.out().isBlank() ? Optional.of(r.out()) : Optional.empty();
        } catch (UserException e) {
            return Optional.empty(); // no sacct on this machine: no second opinion
        }
    }
}
