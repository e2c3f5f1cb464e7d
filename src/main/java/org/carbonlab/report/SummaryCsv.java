package org.carbonlab.report;

import org.carbonlab.stats.Comparison;
import org.carbonlab.stats.Summary;
import org.carbonlab.util.Csv;
import org.carbonlab.util.Numbers;

/** {@code summary.csv}: one row per variant and metric of the {@link StudyTable}, numbers exact. */
final class SummaryCsv {

    private SummaryCsv() {
    }

    static String render(StudyTable t) {
        StringBuilder sb = new StringBuilder("variant,metric,unit,n,mean,sd,ci95_low,ci95_high,ratio_to_baseline,"
                + "ratio_ci95_low,ratio_ci95_high,welch_p,n_for_5pct\n");
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
                    sb.append(',').append(raw(k.ratio())).append(',').append(raw(k.ratioLow())).append(',')
                            .append(raw(k.ratioHigh())).append(',').append(raw(k.welchP())).append(',')
                            .append(k.nFor5Pct() == 0 ? "" : Integer.toString(k.nFor5Pct()));
                } else {
                    sb.append(",,,,,");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String raw(double x) {
        return Numbers.machine(x);
    }
}
