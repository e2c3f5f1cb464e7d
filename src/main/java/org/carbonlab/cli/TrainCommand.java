package org.carbonlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.carbonlab.carbon.CarbonAccountant;
import org.carbonlab.carbon.Footprint;
import org.carbonlab.carbon.IntensityResolver;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.power.source.PowerSources;
import org.carbonlab.report.tools.TrainingReport;
import org.carbonlab.workload.Architecture;
import org.carbonlab.compute.ComputeDevice;
import org.carbonlab.workload.FashionMnist;
import org.carbonlab.workload.MeteredTraining;
import org.carbonlab.compute.Precision;
import org.carbonlab.workload.Schedule;
import org.carbonlab.workload.Training;
import org.carbonlab.util.UserException;

/** {@code carbonlab train}: trains one reference model on Fashion-MNIST and measures it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a reference model on Fashion-MNIST and measure its energy per epoch.",
                "Example: carbonlab train --model cnn --epochs 5 --data /usr/share/datasets/fashion-mnist"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "cnn, vit-tiny, cnn-wide, cnn-small")
    String model;

    @Option(names = "--precision", description = "fp32 (default), fp16, amp-fp16; bf16 and amp-bf16 are refused on this engine")
    String precision = "fp32";

    @Option(names = "--epochs", description = "most epochs (default ${DEFAULT-VALUE})")
    int epochs = 5;

    @Option(names = "--schedule", description = "learning-rate schedule: constant (default, Adam 1e-3 throughout) or "
            + "cosine (one epoch of linear warm-up, then cosine decay to 0)")
    String schedule = "constant";

    @Option(names = "--seed", description = "seed for weights and data order (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--patience", description = "early stopping patience in epochs, 0 for none (default ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--min-delta", description = "early stopping minimum improvement (default ${DEFAULT-VALUE})")
    double minDelta;

    @Option(names = "--target", description = "validation accuracy whose first reaching is timed, e.g. 0.9")
    Double target;

    @Option(names = "--data", paramLabel = "DIR",
            description = "directory of the four IDX .gz files (default: the bundled 10,000/2,000 subset)")
    Path data;

    @Option(names = "--interval", paramLabel = "DURATION", description = "sampling interval (default 100ms)")
    Duration interval = org.carbonlab.power.Sampler.DEFAULT_INTERVAL;

    @Option(names = "--out", paramLabel = "DIR", description = "default results/train/<model>-<precision>-<timestamp>")
    Path out;

    @Option(names = "--save", paramLabel = "DIR", description = "save the trained parameters there (e.g. a teacher)")
    Path save;

    @Option(names = "--teacher", paramLabel = "DIR",
            description = "distil from the cnn-wide teacher saved in DIR (T = 4, alpha = 0.9)")
    Path teacher;

    @Option(names = "--device", description = "cpu (default) or gpu (the cuda build, mvn -Pcuda package, and an"
            + " NVIDIA GPU); refused before anything is written when the GPU cannot be used")
    String device = "cpu";

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    CarbonOptions carbon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Architecture a = Architecture.of(model);
        Precision p = Precision.of(precision);
        ComputeDevice where = ComputeDevice.of(device);
        org.carbonlab.engine.Engine djl = org.carbonlab.engine.Engines.of("djl"); // train is DJL's command
        org.carbonlab.engine.Engine.Request request = new org.carbonlab.engine.Engine.Request(a, p,
                teacher != null, where, false);
        djl.requireMachine(request);
        djl.requireTrains(request);
        if (target != null && !(target > 0 && target <= 1)) {
            throw new UserException("--target is a validation accuracy, a fraction in (0, 1] such as 0.9;"
                    + " got " + target);
        }
        Training.Config config = new Training.Config(a, p, epochs, 128, 1e-3f, seed, patience, minDelta,
                target == null ? Double.NaN : target, Schedule.of(schedule), where);
        carbon.validate(false);
        org.carbonlab.power.Sampler.requireInterval(interval);
        FashionMnist.Data d = data == null ? FashionMnist.bundled() : FashionMnist.load(data);
        Path dir = out != null ? out : Path.of("results", "train", a.id() + "-" + p.id() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        IntensityTable table = IntensityTable.load();
        try (PowerSources.Selection sel = PowerSources.open(sourceOptions.sources, sourceOptions.toOptions(true));
             Training.LoadedModel t = teacher == null ? null : Training.load(Architecture.CNN_WIDE, teacher,
                     where)) {
            // the folder only once sources read and the teacher loads: a refused run leaves nothing behind
            dir = out != null ? org.carbonlab.util.OutputDirs.createFresh(dir)
                    : org.carbonlab.util.OutputDirs.createUnique(dir.toAbsolutePath().getParent(),
                    dir.getFileName().toString());
            MeteredTraining.Result r = MeteredTraining.run(config, d, sel.sources(), sel.statuses(), interval, dir,
                    Optional.ofNullable(t), Optional.ofNullable(save));
            IntensityResolver.Resolved ci = carbon.intensity(table);
            Footprint f = CarbonAccountant.account(r.measurement().whole(), carbon.pue(), ci.intensity(), ci.notes());
            TrainingReport.writeJson(r, f, table.version(), d.origin(), dir, sel.bands());
            spec.commandLine().getOut().print(TrainingReport.text(r, f, sel.bands()));
            spec.commandLine().getOut().println("written: " + dir.resolve("training.json") + ", " + r.trace());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
