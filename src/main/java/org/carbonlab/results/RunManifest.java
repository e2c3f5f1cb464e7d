package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonlab.kernel.Roofline;
import org.carbonlab.power.SourceStatus;

/**
 * {@code manifest.json}: everything another lab needs to reproduce a run and to judge its numbers: the resolved
 * spec and plan, seeds, the git commit the code was built from (and whether its tree was dirty), JVM, DJL and
 * engine, threads, CPU, GPU, memory, OS and kernel, each power source's status and provenance, the idle baseline,
 * the carbon settings with the intensity table's version, and the machine's roofline where one was given. The
 * experiment writes it before the first trial; reports read it back typed. Members a newer version added are null
 * when an older run is read; the resolved spec is kept as written (a tree, read through {@link StudyDefinition},
 * which fills the workload keys added since).
 *
 * @param format       {@value #FORMAT}
 * @param study        the study's name
 * @param runId        the run directory's name
 * @param specFile     the spec the run was started from
 * @param spec         the study definition: the resolved spec, every default written out, typed for reading
 * @param plan         the trials in run order
 * @param git          the commit the running classes were built from
 * @param software     carbonlab, JVM, DJL, engine, threads
 * @param hardware     the machine the run was started on
 * @param powerSources each power source's status as the run started
 * @param idleBaseline the idle power measured before the first trial
 * @param carbon       how energy became CO2e
 * @param roofline     the machine's measured roofline (the denominator of MFU), if given
 * @param slurm        the run's submissions to Slurm (null: a local run)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(String format, String study, @JsonProperty("run_id") String runId,
                          @JsonProperty("spec_file") String specFile, StudyDefinition spec,
                          List<PlannedTrial> plan, Git git, Software software, Hardware hardware,
                          @JsonProperty("power_sources") List<SourceStatus> powerSources,
                          @JsonProperty("idle_baseline") Idle idleBaseline, Carbon carbon, Roofline roofline,
                          List<SlurmSubmission> slurm) {

    /** The file name. */
    public static final String FILE = "manifest.json";
    /** The format this version writes. */
    public static final String FORMAT = "carbonlab-run-v1";

    /**
     * One planned trial.
     *
     * @param trial      1-based position in the run order
     * @param id         {@code t001}, ...
     * @param variant    variant name
     * @param repetition 1-based repetition
     * @param seed       training seed
     */
    public record PlannedTrial(int trial, String id, String variant, int repetition, long seed) {
    }

    /**
     * What the running classes were built from.
     *
     * @param commit git commit id ({@code unknown} outside a git checkout)
     * @param dirty  whether the tree had uncommitted changes (null: unknown)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Git(String commit, Boolean dirty) {
    }

    /**
     * The software a run used.
     *
     * @param carbonlab      carbonlab's version
     * @param jvm            JVM name, version and vendor
     * @param djl            DJL's version
     * @param engine         the engine in words
     * @param intraOpThreads intra-op threads
     * @param trialJvmOptions the options each trial's child JVM started with besides its class path (null in runs
     *                       before they were recorded)
     */
    public record Software(String carbonlab, String jvm, String djl, String engine,
                           @JsonProperty("intra_op_threads") Integer intraOpThreads,
                           @JsonProperty("trial_jvm_options") @JsonInclude(JsonInclude.Include.NON_NULL)
                           List<String> trialJvmOptions) {
    }

    /**
     * The machine.
     *
     * @param cpu         CPU model
     * @param cpuSimd     the SIMD flags that matter for training (null in runs before it was recorded)
     * @param logicalCpus logical CPUs
     * @param memoryGib   memory (null: unknown)
     * @param gpu         the first GPU NVML found, or {@code none found by NVML}
     * @param os          OS, kernel, architecture
     * @param identified  what the CPU is by its identification fields: generation, hypervisor, vCPUs (null in runs
     *                    before it was recorded)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hardware(String cpu, @JsonProperty("cpu_simd") String cpuSimd,
                           @JsonProperty("logical_cpus") Integer logicalCpus,
                           @JsonProperty("memory_gib") Double memoryGib, String gpu, String os, String identified) {

        /** A machine without its identification (runs before it was recorded). */
        public Hardware(String cpu, String cpuSimd, Integer logicalCpus, Double memoryGib, String gpu, String os) {
            this(cpu, cpuSimd, logicalCpus, memoryGib, gpu, os, null);
        }

        /** Whether NVML found a GPU. */
        public boolean hasGpu() {
            return gpu != null && !gpu.startsWith("none");
        }
    }

    /**
     * The idle baseline.
     *
     * @param seconds how long it was measured (0: not measured)
     * @param powerW  mean power per channel id (null values: unknown; null map: not measured)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Idle(double seconds, @JsonProperty("power_w") Map<String, Double> powerW) {
    }

    /**
     * How energy became CO2e.
     *
     * @param intensityGPerKwh grid carbon intensity
     * @param zone             its zone
     * @param year             its year
     * @param provenance       where it came from
     * @param pue              the PUE applied
     * @param pueSource        why that PUE
     * @param tableVersion     the intensity table's version
     * @param notes            what to know about the carbon settings
     * @param carbonAware      whether the run waited for a low-intensity start
     * @param plannedStartUtc  the start it waited for (null: none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Carbon(@JsonProperty("intensity_g_per_kwh") double intensityGPerKwh, String zone, Integer year,
                         String provenance, double pue, @JsonProperty("pue_source") String pueSource,
                         @JsonProperty("table_version") String tableVersion, List<String> notes,
                         @JsonProperty("carbon_aware") boolean carbonAware,
                         @JsonProperty("planned_start_utc") String plannedStartUtc) {
    }

    /** The run's last submission to Slurm, if it was submitted. */
    public Optional<SlurmSubmission> lastSubmission() {
        return slurm == null || slurm.isEmpty() ? Optional.empty() : Optional.of(slurm.get(slurm.size() - 1));
    }

    /**
     * Per trial id, the array task of the last submission that runs it ({@code 12_3}: the array's job id and the
     * trial's index, its task id); empty for a run never submitted.
     */
    public Map<String, String> lastArrayTasks() {
        Map<String, String> tasks = new LinkedHashMap<>();
        lastSubmission().ifPresent(s -> {
            for (SlurmSubmission.Array a : s.arrays()) {
                for (String id : a.trials()) {
                    plan.stream().filter(p -> p.id().equals(id)).findFirst()
                            .ifPresent(p -> tasks.put(id, a.jobId() + "_" + p.trial()));
                }
            }
        });
        return tasks;
    }

    /** The roofline, if the run was given one. */
    public Optional<Roofline> machineRoofline() {
        return Optional.ofNullable(roofline);
    }

    /** The roofline's peak GFLOP/s per backend/format key ({@code djl/fp32}, ...); empty without a roofline. */
    public java.util.SortedMap<String, Double> peakGflops() {
        java.util.SortedMap<String, Double> m = new java.util.TreeMap<>();
        if (roofline != null) {
            roofline.peaks().forEach((k, p) -> m.put(k, p.gflops()));
        }
        return m;
    }

    /**
     * The model FLOP utilisation of an ok trial: its {@link TrialOutcome#achievedGflops()} as a fraction of this
     * machine's peak for the kernels its engine computes with, in the format of its precision (NaN without a
     * roofline, a peak or a known model).
     */
    public double mfu(TrialOutcome o) {
        return roofline == null || !o.reported() ? Double.NaN : roofline.mfu(
                org.carbonlab.engine.Engines.of(o.trainedBy()).rooflineBackend(),
                org.carbonlab.compute.Precision.of(o.precision()), o.achievedGflops());
    }

    /** The study definition, typed: what the reports read of the resolved spec. */
    public StudyDefinition definition() {
        return spec;
    }

    /** This manifest with {@code s} added to its Slurm submissions. */
    public RunManifest withSubmission(SlurmSubmission s) {
        List<SlurmSubmission> all = new java.util.ArrayList<>(slurm == null ? List.of() : slurm);
        all.add(s);
        return new RunManifest(format, study, runId, specFile, spec, plan, git, software, hardware, powerSources,
                idleBaseline, carbon, roofline, List.copyOf(all));
    }

    /** Writes it as {@code dir/manifest.json}, replacing an older one in one rename (readers see one or the other). */
    public void write(Path dir) throws IOException {
        Path tmp = dir.resolve("." + FILE + ".tmp");
        Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
        Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads the manifest of {@code runDir}; members this version does not know (written by a newer one) are
     * skipped, members it added are null in older runs.
     */
    public static RunManifest read(Path runDir) throws IOException {
        RunFiles.requireRunDir(runDir);
        try {
            return Json.MAPPER.readerFor(RunManifest.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(runDir.resolve(FILE).toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(runDir.resolve(FILE) + " is not a carbonlab manifest: " + e.getOriginalMessage(), e);
        }
    }
}
