package org.carbonlab.experiment.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonlab.measure.OutputWatch;
import org.carbonlab.power.Band;
import org.carbonlab.power.DeviceEnergy;
import org.carbonlab.power.Measurement;
import org.carbonlab.power.Provenance;
import org.carbonlab.power.MeterCost;
import org.carbonlab.power.Segment;
import org.carbonlab.power.WindowEnergy;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.hardware.MachineActivity;
import org.carbonlab.results.Disturbance;
import org.carbonlab.results.Json;
import org.carbonlab.results.TrialMetric;
import org.carbonlab.results.TrialOutcome;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.results.TrialStatus;
import org.carbonlab.workload.Training;
import org.carbonlab.experiment.spec.Plan;

/** Builds a trial's {@link TrialRecord} from what the parent's meter measured and what the trial reported. */
final class TrialRecords {

    private TrialRecords() {
    }

    /**
     * How the run's estimate prices CPU time and how uncertain its figures are.
     *
     * @param wattsPerCore W per busy core (thread, under SPECpower): prices the meter's own CPU time
     * @param model        the estimate's provenance
     * @param bands        per channel id, the band of the channels an estimate gave one
     */
    record Pricing(double wattsPerCore, Provenance model, Map<String, Band> bands) {
    }

    /**
     * Builds the record of {@code t} from the parent's measurement and the child's report (null if none);
     * {@code pricing} prices the meter's own CPU time and bands the estimated energy.
     */
    static TrialRecord of(Plan.Trial t, TrialStatus status, String reason, String startedUtc, Integer exitCode,
                          Measurement m, TrialOutcome outcome, Pricing pricing) {
        WindowEnergy w = m.whole();
        List<TrialRecord.Device> devices = new ArrayList<>();
        for (DeviceEnergy d : w.devices()) {
            devices.add(new TrialRecord.Device(d.channel().id(), d.channel().kind().name(), d.channel().inTotal(),
                    Json.known(d.energy().joules()), d.provenance(), d.coverage(),
                    d.note()));
        }
        Map<Segment, Double> seg = new java.util.LinkedHashMap<>();
        for (WindowEnergy s : m.segments()) {
            Segment.parse(s.label()).ifPresent(k -> seg.merge(k, s.total().joules(), Double::sum));
        }
        List<Double> epochs = new ArrayList<>();
        Double training = null;
        if (outcome != null && !outcome.reported()) { // marks from patterns: whatever training segments they set
            double[] sum = seg.entrySet().stream().filter(e -> e.getKey().kind() == Segment.Kind.TRAIN
                    || e.getKey().kind() == Segment.Kind.VALIDATE).mapToDouble(Map.Entry::getValue).toArray();
            training = sum.length == 0 ? null : Json.known(java.util.Arrays.stream(sum).sum());
        } else if (outcome != null) {
            double sum = 0;
            for (TrialOutcome.Epoch e : outcome.epochs()) {
                double j = seg.getOrDefault(Segment.train(e.epoch()), Double.NaN)
                        + seg.getOrDefault(Segment.validate(e.epoch()), Double.NaN);
                epochs.add(Json.known(j));
                sum += j;
            }
            training = Json.known(sum);
        }
        TrialRecord.Energies energies = new TrialRecord.Energies(Json.known(w.total().joules()), w.totalProvenance(),
                devices, training, epochs, outcome == null || !outcome.reported() ? null
                : Json.known(seg.getOrDefault(Segment.inference(Training.INFERENCE_PREDICTIONS), Double.NaN)));
        TrialRecord.Context context = new TrialRecord.Context(null, Double.isFinite(m.meterCpuSeconds())
                ? MeterCost.of(m.meterCpuSeconds(), pricing.wattsPerCore(), pricing.model()) : null, startup(m), null,
                nullIfEmpty(t.variant().settings().processEnv(System.getenv())), null, band(w, pricing.bands()));
        return new TrialRecord(slot(t), new TrialRecord.Ending(status == TrialStatus.OK && t.warmup()
                ? TrialStatus.WARMUP : status, reason, startedUtc, w.durationSeconds(), exitCode), energies,
                outcome == null ? null : outcome.withEngineId(t.variant().settings().engine().id()), context);
    }

    /** Which trial of the plan {@code t} is. */
    private static TrialRecord.Slot slot(Plan.Trial t) {
        return new TrialRecord.Slot(t.index(), t.id(), t.variant().name(), t.repetition(), t.seed());
    }

    private static Map<String, String> nullIfEmpty(Map<String, String> m) {
        return m.isEmpty() ? null : m;
    }

    /**
     * The outcome of a command that exited 0: its result line's ({@code reported}), else {@link
     * TrialOutcome#unreported} with the test accuracy a capture named {@code test-accuracy} found, if it is a fraction.
     */
    static TrialOutcome outcome(TrialOutcome reported, String engineId, Map<String, OutputWatch.Found> found) {
        if (reported != null) {
            return reported;
        }
        OutputWatch.Found accuracy = found.get(TrialMetric.TEST_ACCURACY.id());
        return TrialOutcome.unreported(engineId, accuracy == null || fractionProblem(accuracy) != null ? null
                : accuracy.value());
    }

    /**
     * What the captures found, as the record keeps it (null: none asked): a figure the result line of {@code
     * outcome} also reports (its test accuracy, a metric of the same name) is kept but superseded, since the
     * protocol's line wins.
     */
    static Map<String, TrialRecord.Captured> captures(Map<String, OutputWatch.Found> found, TrialOutcome outcome) {
        if (found.isEmpty()) {
            return null;
        }
        boolean reported = outcome != null && outcome.reported();
        Map<String, TrialRecord.Captured> out = new java.util.LinkedHashMap<>();
        found.forEach((name, f) -> {
            boolean accuracy = name.equals(TrialMetric.TEST_ACCURACY.id());
            boolean superseded = reported && (accuracy || outcome.metrics() != null
                    && outcome.metrics().containsKey(name));
            String problem = f.problem() != null ? f.problem() : accuracy ? fractionProblem(f) : null;
            out.put(name, new TrialRecord.Captured(f.value(), f.unit(), f.where(), f.text(), problem, superseded));
        });
        return out;
    }

    /** Why a found test accuracy cannot be one (null: it can). */
    private static String fractionProblem(OutputWatch.Found f) {
        return f.value() == null || f.value() >= 0 && f.value() <= 1 ? null : "test-accuracy must be a fraction in"
                + " [0, 1], got " + f.value() + " (scale: 0.01 makes a percentage one)";
    }

    /** The ends of {@code w}'s total under {@code bands} (null where no channel in the total has a band). */
    static TrialRecord.EnergyBand band(WindowEnergy w, Map<String, Band> bands) {
        return Band.totalEnds(w, bands).map(e -> new TrialRecord.EnergyBand(e.low(), e.high(),
                Band.ofTotalBand(w, bands).basis())).orElse(null);
    }

    /** The segments before the first training step ({@code train-1}); null if the trial never reached it. */
    static TrialRecord.Startup startup(Measurement m) {
        double seconds = 0;
        double joules = 0;
        for (WindowEnergy s : m.segments()) {
            if (s.label().equals(Segment.train(1).label())) {
                return new TrialRecord.Startup(seconds, Json.known(joules));
            }
            seconds += s.durationSeconds();
            joules += s.total().joules();
        }
        return null;
    }

    /**
     * What else the machine did during {@code r}'s window ({@code d}) and the gate's wait before it ({@code w}, null
     * without a gate): the busy CPU time outside the tree is the machine's less the tree's (the CPU-time estimate's
     * energy over its W per core; unknown under other sources) and the meter's own.
     */
    static Disturbance disturbance(TrialRecord r, QuietGate.Waited w, MachineActivity.Delta d, int cpus,
                                   double cpuMhz, double wattsPerCore) {
        double tree = r.devices().stream().filter(x -> x.channel().equals(EstimateSource.CPU_CHANNEL) && x.energyJ() != null)
                .mapToDouble(x -> x.energyJ() / wattsPerCore).findFirst().orElse(Double.NaN);
        double meter = r.meter() == null ? 0 : r.meter().cpuSeconds();
        return Disturbance.judge(w == null ? 0 : w.waitedSeconds(), w == null ? null : w.quiet(), d.seconds(), cpus,
                d.busyCpuSeconds() - tree - meter, d.stealSeconds(), d.stallSeconds(), cpuMhz);
    }
}
