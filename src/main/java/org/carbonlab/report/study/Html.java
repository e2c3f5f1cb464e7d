package org.carbonlab.report.study;

import java.util.List;

/**
 * One self-contained HTML page of a study: the Markdown summary rendered (headings, lists, tables, paragraphs,
 * code spans, bold, images on their own line) and the charts. No scripts; wide tables scroll inside their box.
 */
final class Html {

    private Html() {
    }

    static String page(String title, String markdown, List<Charts.Written> charts) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:90%;display:block;max-width:100%;"
                        + "overflow-x:auto}\n")
                .append("th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left}\nth{background:#eee}\n")
                .append("code{background:#f4f4f4;padding:0 .2em}\nfigure{margin:1.5em 0}\n")
                .append("figure img{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n");
        // the answer first, then the charts, then how it was obtained and the tables
        int details = markdown.indexOf("\n## How it was obtained");
        sb.append(markdownToHtml(details < 0 ? markdown : markdown.substring(0, details + 1)));
        sb.append("<h2>Charts</h2>\n");
        if (charts.isEmpty()) {
            sb.append("<p>No charts: this runtime cannot draw them (no java.desktop or XChart, e.g. the GPU kit);"
                    + " <code>carbonlab report RUN_DIR</code> with the full build draws them from the raw files.</p>\n");
        }
        for (Charts.Written c : charts) {
            sb.append("<figure>\n<img src=\"charts/").append(c.name()).append(".png\" alt=\"").append(esc(c.title()))
                    .append("\">\n<figcaption>").append(esc(c.title()))
                    .append(" (").append(c.name()).append(".png, ").append(c.name()).append(".svg)</figcaption>\n")
                    .append("</figure>\n");
        }
        if (details >= 0) {
            sb.append(markdownToHtml(markdown.substring(details + 1)));
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    /** Renders the subset of Markdown our summaries use. */
    static String markdownToHtml(String md) {
        StringBuilder out = new StringBuilder();
        List<String> lines = md.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (l.startsWith("# ") || l.startsWith("## ") || l.startsWith("### ")) {
                int level = l.indexOf(' ');
                out.append("<h").append(level).append('>').append(inline(l.substring(level + 1))).append("</h")
                        .append(level).append(">\n");
                i++;
            } else if (l.startsWith("![") && l.contains("](") && l.endsWith(")")) { // an image on its own line
                String alt = l.substring(2, l.indexOf("]("));
                String src = l.substring(l.indexOf("](") + 2, l.length() - 1);
                out.append("<figure>\n<img src=\"").append(esc(src)).append("\" alt=\"").append(esc(alt))
                        .append("\">\n<figcaption>").append(esc(alt)).append("</figcaption>\n</figure>\n");
                i++;
            } else if (l.startsWith("- ")) {
                out.append("<ul>\n");
                while (i < lines.size() && lines.get(i).startsWith("- ")) {
                    out.append("<li>").append(inline(lines.get(i).substring(2))).append("</li>\n");
                    i++;
                }
                out.append("</ul>\n");
            } else if (l.startsWith("|")) {
                out.append("<table>\n");
                boolean header = true;
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    String row = lines.get(i);
                    i++;
                    if (row.matches("\\|(-+\\|)+")) {
                        continue;
                    }
                    out.append("<tr>");
                    String[] cells = row.substring(1, row.length() - 1).split("\\|", -1);
                    for (String cell : cells) {
                        String tag = header ? "th" : "td";
                        out.append('<').append(tag).append('>').append(inline(cell.trim())).append("</").append(tag)
                                .append('>');
                    }
                    out.append("</tr>\n");
                    header = false;
                }
                out.append("</table>\n");
            } else if (l.isBlank()) {
                i++;
            } else {
                StringBuilder p = new StringBuilder();
                while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith("|")
                        && !lines.get(i).startsWith("- ") && !lines.get(i).startsWith("#")) {
                    p.append(p.length() == 0 ? "" : " ").append(lines.get(i));
                    i++;
                }
                out.append("<p>").append(inline(p.toString())).append("</p>\n");
            }
        }
        return out.toString();
    }

    private static String inline(String s) {
        String e = esc(s);
        StringBuilder out = new StringBuilder();
        boolean code = false;
        for (String part : e.split("`", -1)) {
            out.append(code ? "<code>" + part + "</code>" : part.replaceAll("\\*\\*([^*]+)\\*\\*",
                    "<strong>$1</strong>")); // **bold** outside code spans
            code = !code;
        }
        return out.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
