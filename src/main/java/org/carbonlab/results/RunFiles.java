package org.carbonlab.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carbonlab.util.UserException;

/** Reads and appends the raw files of a run directory. */
public final class RunFiles {

    /** The trial records, one JSON line per trial that ended (a resumed trial's newer line wins). */
    public static final String TRIALS = "trials.jsonl";
    /**
     * The trial records written on a cluster's nodes, one file per trial attempt: appends from several hosts to
     * one file on a shared filesystem are not safe, a rename within a directory is.
     */
    public static final String TRIALS_DIR = "trials.d";
    /** Slurm's own energy per trial ({@code sacct ConsumedEnergyRaw}), where the cluster accounts it. */
    public static final String SLURM_ENERGY = "slurm-energy.csv";

    private RunFiles() {
    }

    /** {@code dir} itself, or an error saying it is not a run directory (it has no {@code manifest.json}). */
    public static Path requireRunDir(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunManifest.FILE))) {
            throw new UserException(dir + " is not a run directory: it has no " + RunManifest.FILE);
        }
        return dir;
    }

    /** Appends {@code r} as one JSON line and forces it to the disk before returning. */
    public static void append(Path trials, TrialRecord r) throws IOException {
        writeSynced(trials, r, StandardOpenOption.APPEND);
    }

    /** Writes {@code r} as one JSON line into {@code file} ({@code mode}: append or truncate), forced to the disk. */
    private static void writeSynced(Path file, TrialRecord r, StandardOpenOption mode) throws IOException {
        byte[] line = (Json.MAPPER.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /**
     * Every trial record of {@code runDir}: the lines of {@code trials.jsonl} in file order (a last line cut short by
     * a crash is ignored; any other bad line is an error naming its line number), then the records cluster nodes
     * wrote into {@code trials.d/}, in the order their trials started.
     */
    public static List<TrialRecord> readTrials(Path runDir) throws IOException {
        List<TrialRecord> out = readLines(runDir.resolve(TRIALS));
        out.addAll(readNodeRecords(runDir.resolve(TRIALS_DIR)));
        return out;
    }

    /**
     * Writes {@code r}, a trial that ended on a cluster node, as {@code trials.d/<name>.json}: written beside,
     * forced to the disk, then renamed into place, so a reader sees the whole record or none.
     */
    public static void writeNodeRecord(Path runDir, TrialRecord r, String name) throws IOException {
        Path dir = Files.createDirectories(runDir.resolve(TRIALS_DIR));
        Path tmp = dir.resolve("." + name + ".tmp");
        writeSynced(tmp, r, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, dir.resolve(name + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The node records of {@code dir} in the order their trials started (then by file name). */
    private static List<TrialRecord> readNodeRecords(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<TrialRecord> out = new ArrayList<>();
        for (Path p : files) {
            try {
                out.add(Json.read(p, TrialRecord.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(p + ": not a trial record: " + e.getOriginalMessage(), e);
            }
        }
        out.sort(java.util.Comparator.comparing(r -> java.time.Instant.parse(r.startedUtc())));
        return out;
    }

    private static List<TrialRecord> readLines(Path f) throws IOException {
        List<TrialRecord> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(Json.read(l, TrialRecord.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break; // the write that a crash interrupted: that trial was not finished
                }
                throw new IOException(f + ":" + (i + 1) + ": not a trial record: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /** The last record of each trial id (a resumed trial's newer line wins), in plan order of first appearance. */
    public static Map<String, TrialRecord> lastPerTrial(List<TrialRecord> records) {
        Map<String, TrialRecord> m = new LinkedHashMap<>();
        for (TrialRecord r : records) {
            m.put(r.id(), r);
        }
        return m;
    }

    /** The last record of each trial of {@code runDir} ({@link #lastPerTrial} of {@link #readTrials}). */
    public static List<TrialRecord> lastRecords(Path runDir) throws IOException {
        return List.copyOf(lastPerTrial(readTrials(runDir)).values());
    }

    /** Slurm's energy per trial id from {@value #SLURM_ENERGY} (empty when the run has none). */
    public static Map<String, Double> readSlurmEnergy(Path runDir) throws IOException {
        Map<String, Double> m = new LinkedHashMap<>();
        Path f = runDir.resolve(SLURM_ENERGY);
        if (Files.isRegularFile(f)) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8).stream().skip(1).toList()) {
                String[] c = l.split(",");
                if (c.length == 3) {
                    m.put(c[0], Double.parseDouble(c[2]));
                }
            }
        }
        return m;
    }
}
