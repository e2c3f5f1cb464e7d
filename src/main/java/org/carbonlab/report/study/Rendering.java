package org.carbonlab.report.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonlab.results.Blocks;
import org.carbonlab.results.RunFiles;
import org.carbonlab.results.RunManifest;

/**
 * What a run's outputs ({@link RunOutput}) are rendered from, read from its raw files and each computed once: the
 * study table, where its spread comes from, its design (one certificate for both summaries), a tune's race, and the
 * Markdown the page is made of (the summary's and a tune's, which are also files of their own).
 */
final class Rendering {

    private final Path runDir;
    private final StudyTable table;
    private final SpreadReport spread;
    private final DesignReport design;
    private final Optional<TuneReport> tune;
    private String markdown;
    private String tuneMarkdown;

    private Rendering(Path runDir, StudyTable table) throws IOException {
        this.runDir = runDir;
        this.table = table;
        this.spread = SpreadReport.of(runDir, table);
        this.design = DesignReport.of(table, spread);
        this.tune = TuneReport.of(table);
    }

    /** The inputs of {@code runDir}'s outputs, from its raw files. */
    static Rendering of(Path runDir) throws IOException {
        return new Rendering(runDir, StudyTable.of(RunManifest.read(runDir), RunFiles.lastRecords(runDir),
                Blocks.readStop(runDir)));
    }

    StudyTable table() {
        return table;
    }

    SpreadReport spread() {
        return spread;
    }

    DesignReport design() {
        return design;
    }

    Optional<TuneReport> tune() {
        return tune;
    }

    /** The study's {@code summary.md}. */
    String markdown() throws IOException {
        if (markdown == null) {
            markdown = SummaryMarkdown.render(table, RunFiles.readSlurmEnergy(runDir), design);
        }
        return markdown;
    }

    /** A tune's {@code tune.md} (empty: a study). */
    Optional<String> tuneMarkdown() {
        if (tune.isPresent() && tuneMarkdown == null) {
            tuneMarkdown = tune.get().markdown();
        }
        return Optional.ofNullable(tuneMarkdown);
    }

    /** The study page: a tune's answer first, then the summary, with the charts (drawn here, where a runtime can). */
    String page() throws IOException {
        String page = tune.isPresent() ? tuneMarkdown().orElseThrow() + "\n" + markdown() : markdown();
        List<Charts.Written> charts = new java.util.ArrayList<>();
        if (StudyCharts.drawable()) {
            charts.addAll(StudyCharts.draw(runDir, table));
            if (tune.isPresent()) {
                charts.addAll(0, tune.get().charts(runDir.resolve("charts")));
            }
        }
        return Html.page(table.context().study() + ", run " + table.context().runId(), page, charts);
    }
}
