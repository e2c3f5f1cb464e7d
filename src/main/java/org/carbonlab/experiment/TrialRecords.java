package org.carbonlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonlab.power.DeviceEnergy;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.MeterCost;
import org.carbonlab.power.WindowEnergy;
import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.workload.Training;

/** Builds a trial's {@link TrialRecord} from what the parent's meter measured and what the trial reported. */
final class TrialRecords {

    private TrialRecords() {
    }

    /**
     * Builds the record of {@code t} from the parent's measurement and the child's report (null if none);
     * {@code wattsPerCore} prices the meter's own CPU time.
     */
    static TrialRecord of(Plan.Trial t, String status, String reason, String startedUtc, Integer exitCode,
                          Measurement m, TrialOutcome outcome, double wattsPerCore) {
        WindowEnergy w = m.whole();
        List<TrialRecord.Device> devices = new ArrayList<>();
        for (DeviceEnergy d : w.devices()) {
            devices.add(new TrialRecord.Device(d.channel().id(), d.channel().kind().name(), d.channel().inTotal(), known(d.energy().joules()), d.provenance(), d.coverage(),
                    d.note()));
        }
        Map<String, Double> seg = new java.util.LinkedHashMap<>();
        for (WindowEnergy s : m.segments()) {
            seg.merge(s.label(), s.total().joules(), Double::sum);
        }
        List<Double> epochs = new ArrayList<>();
        Double training = null;
        if (outcome != null) {
            double sum = 0;
            for (TrialOutcome.Epoch e : outcome.epochs()) {
                double j = seg.getOrDefault("train-" + e.epoch(), Double.NaN)
                        + seg.getOrDefault("validate-" + e.epoch(), Double.NaN);
                epochs.add(known(j));
                sum += j;
            }
            training = known(sum);
        }
        return new TrialRecord(t.index(), t.id(), t.variant().name(), t.repetition(), t.seed(), status, reason,
                startedUtc, w.durationSeconds(), exitCode, known(w.total().joules()), w.totalProvenance(), devices,
                training, epochs, outcome == null ? null
                        : known(seg.getOrDefault("inference-" + Training.INFERENCE_PREDICTIONS, Double.NaN)),
                outcome, null, Double.isFinite(m.meterCpuSeconds()) ? MeterCost.of(m.meterCpuSeconds(), wattsPerCore)
                : null, startup(m));
    }

    /** The segments before the first training step ({@code train-1}); null if the trial never reached it. */
    static TrialRecord.Startup startup(Measurement m) {
        double seconds = 0;
        double joules = 0;
        for (WindowEnergy s : m.segments()) {
            if (s.label().equals("train-1")) {
                return new TrialRecord.Startup(seconds, known(joules));
            }
            seconds += s.durationSeconds();
            joules += s.total().joules();
        }
        return null;
    }

    private static Double known(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
