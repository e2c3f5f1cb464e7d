package org.carbonlab.report.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.carbonlab.results.Blocks;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;

/**
 * The summaries of a study's run, computed only from its raw files ({@code manifest.json}, {@code trials.jsonl},
 * the traces), so {@code carbonlab report RUN_DIR} regenerates them byte for byte: {@code summary.md},
 * {@code summary.csv}, {@code summary.json}, the CodeCarbon-compatible {@code emissions.csv}, the charts and
 * {@code report.html}, each a renderer of one {@link StudyTable}.
 */
public final class StudyReport {

    private StudyReport() {
    }

    /** Writes every summary of {@code runDir} from its raw files. */
    public static void write(Path runDir) throws IOException {
        StudyTable t = StudyTable.of(RunManifest.read(runDir), RunFiles.lastRecords(runDir), Blocks.readStop(runDir));
        SpreadReport spread = SpreadReport.of(runDir, t);
        DesignReport design = DesignReport.of(t, spread); // one certificate for both summaries
        write(runDir, RunOutput.SUMMARY_CSV.file(), SummaryCsv.render(t));
        write(runDir, RunOutput.SUMMARY_JSON.file(), SummaryJson.render(t, design));
        String md = SummaryMarkdown.render(t, RunFiles.readSlurmEnergy(runDir), design);
        write(runDir, RunOutput.SUMMARY_MD.file(), md);
        write(runDir, RunOutput.EMISSIONS_CSV.file(), EmissionsCsv.render(t));
        Files.createDirectories(runDir.resolve("charts"));
        write(runDir, RunOutput.FOREST.file(), ForestPlot.svg(t)); // plain SVG: every runtime draws it
        Files.deleteIfExists(runDir.resolve(RunOutput.VARIANCE.file()));
        if (spread.any()) {
            write(runDir, RunOutput.VARIANCE.file(), spread.svg());
        }
        java.util.Optional<TuneReport> tune = TuneReport.of(t);
        for (RunOutput o : RunOutput.values()) {
            if (o.tune()) {
                Files.deleteIfExists(runDir.resolve(o.file()));
            }
        }
        String page = md;
        if (tune.isPresent()) {
            String tmd = tune.get().markdown();
            write(runDir, RunOutput.TUNE_MD.file(), tmd);
            write(runDir, RunOutput.TUNE_JSON.file(), tune.get().json());
            write(runDir, RunOutput.RACE_CSV.file(), tune.get().csv());
            page = tmd + "\n" + md;
        }
        List<Charts.Written> charts = new java.util.ArrayList<>();
        if (StudyCharts.drawable()) {
            charts.addAll(StudyCharts.draw(runDir, t));
            if (tune.isPresent()) {
                charts.addAll(0, tune.get().charts(runDir.resolve("charts")));
            }
        }
        write(runDir, RunOutput.REPORT_HTML.file(), Html.page(t.context().study() + ", run " + t.context().runId(),
                page,
                charts));
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

    private static void write(Path dir, String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }
}
