package org.carbonlab.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study page of committed runs as a reader sees it: rendered by a real browser (Debian's headless
 * {@code chromium}, at 1280 px), which must find the "What this study shows" block first, no horizontal overflow of
 * the page (wide tables scroll inside their box), and every image loaded. Without chromium the test is skipped,
 * except under {@code CARBONLAB_FULL_TESTS=1} (CI installs it), where a missing browser fails.
 */
@org.junit.jupiter.api.Tag("browser")
class StudyPageBrowserTest {

    /** Runs whose pages are checked: the widest table (three engines) and an adaptive, banded one. */
    static final List<String> RUNS = List.of("results/precision-cpu/20261201T011824Z",
            "results/quickstart/20261204T074723Z");

    /**
     * What the page reports about itself once everything loaded, appended to a copy of it (the page itself has no
     * scripts).
     */
    private static final String PROBE = "<script>window.addEventListener('load',function(){var d=document.documentElement;var imgs=[...document.images];"
            + "var b=document.body.getBoundingClientRect().right;var h=[...document.querySelectorAll('h2')];"
            + "var r={overflow:d.scrollWidth>d.clientWidth,outside:[...document.querySelectorAll("
            + "'table,figure,img,pre,p,ul')].filter(e=>e.getBoundingClientRect().right>b+1).length,"
            + "scrollWidth:d.scrollWidth,clientWidth:d.clientWidth,firstH2:h.length?h[0].textContent:'',"
            + "sentences:h.length?h[0].nextElementSibling.querySelectorAll('li').length:0,images:imgs.length,"
            + "broken:imgs.filter(i=>!(i.complete&&i.naturalWidth>0)).map(i=>i.getAttribute('src'))};"
            + "var p=document.createElement('pre');p.id='carbonlab-probe';p.textContent=JSON.stringify(r);"
            + "document.body.appendChild(p);});</script></body>";

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> committedStudyPagesReadInABrowser() {
        boolean have = Files.isExecutable(Path.of("/usr/bin/chromium"));
        if (!have && "1".equals(System.getenv("CARBONLAB_FULL_TESTS"))) {
            throw new AssertionError("chromium is missing: apt-get install -y chromium (CARBONLAB_FULL_TESTS=1)");
        }
        Assumptions.assumeTrue(have, "no /usr/bin/chromium: apt-get install -y chromium");
        return RUNS.stream().map(run -> DynamicTest.dynamicTest(run, () -> {
            JsonNode r = probe(Path.of(run));
            assertEquals("What this study shows", r.get("firstH2").asText(), r.toString());
            assertTrue(r.get("sentences").asInt() >= 1, "a sentence per variant: " + r);
            assertTrue(!r.get("overflow").asBoolean(), "no horizontal overflow at 1280 px: " + r);
            assertEquals(0, r.get("outside").asInt(), "nothing sticks out of the page's column: " + r);
            assertTrue(r.get("images").asInt() >= 2, "the forest plot and the charts: " + r);
            assertEquals(0, r.get("broken").size(), "every image loads: " + r);
        }));
    }

    @TestFactory
    Stream<DynamicTest> theProbeSeesAWideTableThatSticksOut() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "no chromium");
        Path run = Files.createDirectories(tmp.resolve("wide"));
        Files.writeString(run.resolve("report.html"), "<!DOCTYPE html><html><body style=\"max-width:1100px\">"
                + "<h2>What this study shows</h2><ul><li>x</li></ul><table><tr><td style=\"min-width:3000px\">wide"
                + "</td></tr></table></body></html>");
        return Stream.of(DynamicTest.dynamicTest("a 3000 px table without the page's CSS", () -> {
            JsonNode r = probe(run);
            assertTrue(r.get("overflow").asBoolean() || r.get("outside").asInt() > 0, r.toString());
        }));
    }

    /** Renders a copy of {@code run}'s page with the probe appended and returns what the probe found. */
    private JsonNode probe(Path run) throws IOException, InterruptedException {
        Path copy = tmp.resolve("copy-" + run.getFileName());
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path to = copy.resolve(run.relativize(p));
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        Path page = copy.resolve("probe.html");
        Files.writeString(page, Files.readString(copy.resolve("report.html")).replace("</body>", PROBE));
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--window-size=1280,900", "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium ended");
        int at = dom.indexOf("<pre id=\"carbonlab-probe\">");
        assertTrue(at >= 0, "the probe ran: " + dom.substring(0, Math.min(300, dom.length())));
        String json = dom.substring(at + "<pre id=\"carbonlab-probe\">".length(), dom.indexOf("</pre>", at))
                .replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        return new ObjectMapper().readTree(json);
    }
}
