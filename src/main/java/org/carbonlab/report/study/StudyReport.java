package org.carbonlab.report.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The summaries of a study's run, computed only from its raw files ({@code manifest.json}, {@code trials.jsonl},
 * the traces), so {@code carbonlab report RUN_DIR} regenerates them byte for byte: {@code summary.md},
 * {@code summary.csv}, {@code summary.json}, the CodeCarbon-compatible {@code emissions.csv}, the charts and
 * {@code report.html}: each {@link RunOutput} with its renderer of one {@link StudyTable}.
 */
public final class StudyReport {

    private StudyReport() {
    }

    /** Writes every output of {@code runDir} from its raw files, and removes those it has none of. */
    public static void write(Path runDir) throws IOException {
        Rendering inputs = Rendering.of(runDir);
        Files.createDirectories(runDir.resolve("charts"));
        for (RunOutput o : RunOutput.values()) {
            Optional<String> text = o.render(inputs);
            if (text.isPresent()) {
                Files.writeString(runDir.resolve(o.file()), text.get(), StandardCharsets.UTF_8);
            } else {
                Files.deleteIfExists(runDir.resolve(o.file()));
            }
        }
    }

    /**
     * What a run prints at its end: the per-variant table and the comparisons with the baseline from its
     * {@code summary.md} (written first by {@link #write}).
     */
    public static String tables(Path runDir) throws IOException {
        String md = Files.readString(runDir.resolve("summary.md"), StandardCharsets.UTF_8);
        int from = md.indexOf("## Per variant");
        int to = md.indexOf("\n## Trials");
        return from < 0 ? "" : md.substring(from, to < 0 ? md.length() : to).strip() + "\n";
    }

    /** What a tune prints at its end: the answer of its {@code tune.md} (written first by {@link #write}). */
    public static String answer(Path runDir) throws IOException {
        String md = Files.readString(runDir.resolve(RunOutput.TUNE_MD.file()), StandardCharsets.UTF_8);
        int from = md.indexOf("## The answer");
        int to = md.indexOf("\n## The race");
        return from < 0 ? "" : md.substring(from, to < 0 ? md.length() : to).strip() + "\n";
    }
}
