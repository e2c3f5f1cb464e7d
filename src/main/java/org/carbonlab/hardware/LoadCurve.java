package org.carbonlab.hardware;

import java.util.ArrayList;
import java.util.List;

import org.carbonlab.util.Csv;
import org.carbonlab.util.UserException;

/**
 * The form error of the SPECpower model's load curve: the model is the line between a server's active idle and 100 %
 * points (the results hold no other load level), and a second family of curves, Boavizta's fitted CPU consumption
 * profiles ({@code a ln(b (load + c)) + d}), bounds how far a server's power at partial load can lie from that line
 * (resource {@code load-curve-forms.csv}, written by {@code scripts/make-specpower-table.py}; see
 * {@code results/specpower/validation.md}). Every form in the family is concave, so the line is the low end and the
 * family the high end; at idle and at 100 % all of them agree.
 */
public final class LoadCurve {

    /** What the form error rests on, for labels. */
    public static final String BASIS = "form error at partial load: the line against Boavizta's six fitted CPU"
            + " consumption profiles";

    private final double[] loads;
    private final double[] low;
    private final double[] high;

    private LoadCurve(double[] loads, double[] low, double[] high) {
        this.loads = loads;
        this.low = low;
        this.high = high;
    }

    /** The shipped envelope, read once per JVM. */
    public static LoadCurve load() {
        return Shipped.CURVE;
    }

    /** Holds the shipped envelope, read on first use. */
    private static final class Shipped {
        static final LoadCurve CURVE = read();
    }

    private static LoadCurve read() {
        List<double[]> rows = new ArrayList<>();
        for (String line : Csv.resourceRows(LoadCurve.class, "load-curve-forms.csv")) {
            String[] f = line.split(",", -1);
            rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        }
        double[] u = new double[rows.size()];
        double[] lo = new double[rows.size()];
        double[] hi = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            u[i] = rows.get(i)[0];
            lo[i] = rows.get(i)[1];
            hi[i] = rows.get(i)[2];
            if (i > 0 && !(u[i] > u[i - 1]) || !(lo[i] <= u[i] + 1e-9 && hi[i] >= u[i] - 1e-9)) {
                throw new IllegalStateException("load-curve-forms.csv: row " + i + " is out of order or its forms do"
                        + " not bracket the line");
            }
        }
        if (u.length < 2 || u[0] != 0 || u[u.length - 1] != 1) {
            throw new IllegalStateException("load-curve-forms.csv must run from load 0 to load 1");
        }
        return new LoadCurve(u, lo, hi);
    }

    /** The lowest fraction of the way from idle to 100 % power that a form draws at {@code load} (0 to 1). */
    public double lowFraction(double load) {
        return interpolate(low, load);
    }

    /** The highest fraction of the way from idle to 100 % power that a form draws at {@code load} (0 to 1). */
    public double highFraction(double load) {
        return interpolate(high, load);
    }

    /**
     * How far above the line a server of {@code idle} and {@code full} watts can draw at {@code load}: (idle + (full -
     * idle) x highest fraction) / (idle + (full - idle) x load), at least 1; 1 at idle and at 100 %.
     */
    public double highFactor(double idle, double full, double load) {
        double line = idle + (full - idle) * load;
        return line > 0 ? Math.max(1, (idle + (full - idle) * highFraction(load)) / line) : 1;
    }

    private double interpolate(double[] values, double load) {
        if (!(load >= 0 && load <= 1)) {
            throw new UserException("a load is a share of the threads' time busy, 0 to 1, got " + load);
        }
        int i = 1;
        while (i < loads.length - 1 && loads[i] < load) {
            i++;
        }
        double t = (load - loads[i - 1]) / (loads[i] - loads[i - 1]);
        return values[i - 1] + t * (values[i] - values[i - 1]);
    }
}
