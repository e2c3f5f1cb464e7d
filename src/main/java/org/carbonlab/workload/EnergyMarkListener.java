package org.carbonlab.workload;

import org.carbonlab.power.Segment;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

import org.carbonlab.power.Marker;

/**
 * A DJL training listener that marks the energy meter, so a run's window splits into one segment per epoch's
 * training ({@code train-N}) and validation ({@code validate-N}), then {@code after-training} (testing, teardown).
 * DJL's trainer announces the start when it is created and the end when it is closed.
 */
public final class EnergyMarkListener extends TrainingListenerAdapter {

    private final Marker meter;
    private int epoch = 1;
    private boolean validating;
    private boolean epochStarted = true;
    private boolean begun;
    private boolean ended;

    /** Marks {@code meter}, whose window must already be open. */
    public EnergyMarkListener(Marker meter) {
        this.meter = meter;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        if (!begun) {
            begun = true;
            meter.mark(Segment.train(1));
        }
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (!epochStarted) {
            epochStarted = true;
            meter.mark(Segment.train(epoch));
        }
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        if (!validating) {
            validating = true;
            meter.mark(Segment.validate(epoch));
        }
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        validating = false;
        epochStarted = false;
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (!ended) { // the training loop ends training before testing; closing the trainer says it again
            ended = true;
            meter.mark(Segment.afterTraining());
        }
    }
}
