package org.carbonlab.report.tools;

import org.carbonlab.power.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.carbonlab.carbon.Footprint;
import org.carbonlab.power.Energy;
import org.carbonlab.power.WindowEnergy;
import org.carbonlab.workload.MeteredTraining;
import org.carbonlab.workload.Training;

/**
 * Renders a metered training run: per-epoch loss, validation accuracy, time and energy, test accuracy, time and
 * energy to the target accuracy, CO2e, and what it ran on.
 */
public final class TrainingReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingReport() {
    }

    /** Returns the energy of epoch {@code n}: its training and validation segments. */
    static Energy epochEnergy(MeteredTraining.Result r, int n) {
        Energy e = Energy.ZERO;
        for (WindowEnergy w : r.measurement().segments()) {
            if (Segment.parse(w.label()).filter(s -> s.ofEpoch(n)).isPresent()) {
                e = e.plus(w.total());
            }
        }
        return e;
    }

    /** Returns the total energy of {@code segment}, unknown if absent. */
    static Energy segment(MeteredTraining.Result r, Segment segment) {
        return r.measurement().segments().stream().filter(w -> w.label().equals(segment.label()))
                .map(WindowEnergy::total)
                .findFirst().orElse(Energy.UNKNOWN);
    }

    /** The training's configuration and its environment (data, threads, engine, JVM, OS). */
    private static void setup(ObjectNode root, Training.Config c, Training.Result t, String dataOrigin) {
        ObjectNode cfg = root.putObject("config");
        cfg.put("epochs_max", c.epochs());
        cfg.put("batch_size", c.batchSize());
        cfg.put("optimizer", "adam");
        cfg.put("learning_rate", c.learningRate());
        cfg.put("schedule", c.schedule().id());
        cfg.put("seed", c.seed());
        cfg.put("early_stopping_patience", c.patience());
        cfg.put("early_stopping_min_delta", c.minDelta());
        if (!Double.isNaN(c.target())) {
            cfg.put("target_validation_accuracy", c.target());
        }
        ObjectNode env = root.putObject("environment");
        env.put("data", dataOrigin);
        env.put("train_examples", t.trainExamples());
        env.put("intra_op_threads", t.threads());
        env.put("djl", ai.djl.engine.Engine.getDjlVersion());
        env.put("engine", ai.djl.engine.Engine.getInstance().getEngineName() + " "
                + ai.djl.engine.Engine.getInstance().getVersion());
        env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** Each epoch's loss, accuracy, time and energy, and their running totals. */
    private static void epochs(ObjectNode root, MeteredTraining.Result r, Training.Result t) {
        ArrayNode epochs = root.putArray("epochs");
        double seconds = 0;
        double joules = 0;
        for (Training.Epoch e : t.epochs()) {
            ObjectNode o = epochs.addObject();
            seconds += e.seconds();
            joules += epochEnergy(r, e.epoch()).joules();
            o.put("epoch", e.epoch());
            o.put("train_loss", e.trainLoss());
            o.put("validation_accuracy", e.validationAccuracy());
            o.put("seconds", e.seconds());
            org.carbonlab.results.Json.put(o, "energy_j", epochEnergy(r, e.epoch()).joules());
            o.put("cumulative_seconds", seconds);
            org.carbonlab.results.Json.put(o, "cumulative_energy_j", joules);
        }
    }

    /** Writes {@code training.json} into {@code out}. */
    public static void writeJson(MeteredTraining.Result r, Footprint f, String tableVersion, String dataOrigin,
                                 Path out) throws IOException {
        writeJson(r, f, tableVersion, dataOrigin, out, java.util.Map.of());
    }

    /** {@link #writeJson(MeteredTraining.Result, Footprint, String, String, Path)} with the estimate's bands. */
    public static void writeJson(MeteredTraining.Result r, Footprint f, String tableVersion, String dataOrigin,
                                 Path out, java.util.Map<String, org.carbonlab.power.Band> bands) throws IOException {
        Training.Result t = r.training();
        Training.Config c = t.config();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "carbonlab-training-v1");
        root.put("model", c.architecture().id());
        root.put("parameters", t.parameters());
        root.put("precision", c.precision().id());
        setup(root, c, t, dataOrigin);
        epochs(root, r, t);
        root.put("stopped_early", t.stoppedEarly());
        t.targetEpoch().ifPresent(n -> {
            ObjectNode o = root.putObject("to_target");
            o.put("epoch", n);
            o.put("seconds", t.epochs().stream().filter(e -> e.epoch() <= n).mapToDouble(Training.Epoch::seconds).sum());
            org.carbonlab.results.Json.put(o, "energy_j", java.util.stream.IntStream.rangeClosed(1, n)
                    .mapToDouble(k -> epochEnergy(r, k).joules()).sum());
        });
        root.put("test_accuracy", t.testAccuracy());
        root.put("distilled", t.distilled());
        root.put("steps", t.steps());
        ArrayNode types = root.putArray("weight_types");
        t.weightTypes().stream().map(Object::toString).sorted().forEach(types::add);
        if (!Double.isNaN(t.lossScale())) {
            root.put("skipped_steps", t.skippedSteps());
            root.put("final_loss_scale", t.lossScale());
        }
        ObjectNode inf = root.putObject("inference");
        inf.put("predictions", Training.INFERENCE_PREDICTIONS);
        inf.put("seconds", t.inferenceSeconds());
        org.carbonlab.results.Json.put(inf, "energy_j", segment(r, Segment.inference(Training.INFERENCE_PREDICTIONS)).joules());
        WindowEnergy w = r.measurement().whole();
        ObjectNode energy = root.putObject("energy");
        org.carbonlab.results.Json.put(energy, "total_j", w.total().joules());
        energy.put("duration_s", w.durationSeconds());
        energy.put("provenance", w.totalProvenance().label());
        energy.put("note", w.totalNote());
        ObjectNode carbon = CarbonReport.json(f, tableVersion);
        org.carbonlab.power.Band.totalEnds(w, bands).ifPresent(b -> {
            org.carbonlab.results.Json.put(energy, "total_low_j", b.low());
            org.carbonlab.results.Json.put(energy, "total_high_j", b.high());
            energy.put("band", org.carbonlab.power.Band.ofTotalBand(w, bands).basis());
            MeasurementReport.putCo2eBand(carbon, f, w, b);
        });
        MeasurementReport.sources(energy.putArray("sources"), r.measurement().sources());
        root.set("carbon", carbon);
        Files.writeString(out.resolve("training.json"), JSON.writeValueAsString(root) + "\n");
    }

    /** Returns the run as a text table. */
    public static String text(MeteredTraining.Result r) {
        return text(r, null, java.util.Map.of());
    }

    /** The run as a text table, with the estimate's band of its total and CO2e ({@code f}) where there is one. */
    public static String text(MeteredTraining.Result r, Footprint f, java.util.Map<String, org.carbonlab.power.Band> bands) {
        Training.Result t = r.training();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s (%,d parameters), %s, %d training"
                + " examples%n", t.config().architecture().id(), t.parameters(), t.config().precision().id(),
                t.trainExamples()));
        sb.append(String.format(Locale.ROOT, "%5s %10s %9s %9s %11s%n", "epoch", "loss", "val acc", "seconds",
                "energy J"));
        for (Training.Epoch e : t.epochs()) {
            sb.append(String.format(Locale.ROOT, "%5d %10.4f %9.4f %9.1f %11.1f%n", e.epoch(), e.trainLoss(),
                    e.validationAccuracy(), e.seconds(), epochEnergy(r, e.epoch()).joules()));
        }
        sb.append(String.format(Locale.ROOT, "inference: %,d predictions in %.2f s, %.1f J%n",
                Training.INFERENCE_PREDICTIONS, t.inferenceSeconds(),
                segment(r, Segment.inference(Training.INFERENCE_PREDICTIONS)).joules()));
        sb.append(String.format(Locale.ROOT, "test accuracy %.4f%s; %s%n", t.testAccuracy(),
                t.stoppedEarly() ? " (stopped early)" : "", t.targetEpoch().map(n -> "target reached at epoch " + n)
                        .orElse("target not reached or not set")));
        sb.append(MeasurementReport.table(r.measurement().whole()));
        if (f != null) {
            sb.append(MeasurementReport.bandLine(r.measurement().whole(), f, bands));
        }
        return sb.toString();
    }
}
