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

/** Reads and appends the raw files of a run directory. */
public final class RunFiles {

    /** The trial records, one JSON line per trial that ended (a resumed trial's newer line wins). */
    public static final String TRIALS = "trials.jsonl";

    private RunFiles() {
    }

    /** {@code dir} itself, or an error saying it is not a run directory (it has no {@code manifest.json}). */
    public static Path requireRunDir(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunManifest.FILE))) {
            throw new IllegalArgumentException(dir + " is not a run directory: it has no " + RunManifest.FILE);
        }
        return dir;
    }

    /** Appends {@code r} as one JSON line and forces it to the disk before returning. */
    public static void append(Path trials, TrialRecord r) throws IOException {
        byte[] line = (Json.MAPPER.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(trials, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /**
     * Every line of {@code trials.jsonl} in {@code runDir}, in file order (none if it does not exist). A last line
     * cut short by a crash is ignored; any other bad line is an error naming its line number.
     */
    public static List<TrialRecord> readTrials(Path runDir) throws IOException {
        Path f = runDir.resolve(TRIALS);
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
                out.add(Json.MAPPER.readValue(l, TrialRecord.class));
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
}
