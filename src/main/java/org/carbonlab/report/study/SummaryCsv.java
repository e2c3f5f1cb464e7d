package org.carbonlab.report.study;

import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;
import org.carbonlab.util.Csv;
import org.carbonlab.util.Numbers;

/**
 * {@code summary.csv}: one row per variant and metric of the {@link StudyTable}, numbers exact; every value a number
 * or empty (an unbounded or missing interval is empty, with the reason in {@code interval_note}).
 */
final class SummaryCsv {

    private SummaryCsv() {
    }

    static String render(StudyTable t) {
        StringBuilder sb = new StringBuilder("variant,metric,unit,n,mean,sd,ci95_low,ci95_high," + HEADER + "\n");
        for (String v : t.context().variants()) {
            for (StudyTable.Metric m : t.metrics()) {
                StudyTable.Cell cell = t.cell(v, m);
                Summary s = cell.summary();
                if (s.n() == 0) {
                    continue;
                }
                sb.append(Csv.field(v)).append(',').append(m.id()).append(',').append(m.unit())
                        .append(',').append(s.n()).append(',').append(raw(s.mean())).append(',').append(raw(s.sd()))
                        .append(',').append(raw(s.ciLow())).append(',').append(raw(s.ciHigh()));
                Comparison k = cell.vsBaseline();
                if (k != null) {
                    sb.append(',').append(k.scale().name().toLowerCase(java.util.Locale.ROOT)).append(',')
                            .append(raw(k.interval().estimate())).append(',').append(raw(k.interval().low()))
                            .append(',').append(raw(k.interval().high())).append(',').append(Csv.field(k.method()))
                            .append(',').append(raw(k.p())).append(',').append(raw(k.unpaired().estimate()))
                            .append(',').append(raw(k.unpaired().low())).append(',')
                            .append(raw(k.unpaired().high())).append(',')
                            .append(k.nFor5Pct() == 0 ? "" : Integer.toString(k.nFor5Pct())).append(',')
                            .append(Csv.field(k.missing()));
                } else {
                    sb.append(",".repeat(HEADER.split(",").length));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The columns of the comparison with the baseline: ratio or difference, the deciding estimate and interval, how it
     * was computed, its test's p, the unpaired estimate and interval, and why an interval's end is empty.
     */
    static final String HEADER = "comparison,estimate,estimate_ci95_low,estimate_ci95_high,interval,p,unpaired_estimate,"
            + "unpaired_ci95_low,unpaired_ci95_high,n_for_5pct,interval_note";

    /** A number, or empty where it is not a finite number (an unbounded end says so in interval_note). */
    private static String raw(double x) {
        return Double.isFinite(x) ? Numbers.machine(x) : "";
    }
}
