package org.carbonlab.power;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment of a training window that the lab knows by name: the label a trial marks its meter with
 * ({@code train-N}, {@code validate-N}, {@code after-training}, {@code inference-N}, {@code after-inference}, as {@code experiments/PROTOCOL.md}
 * lists them) and the one parser of such labels. Marks of other names are a command's own and stay strings.
 *
 * @param kind   what the segment holds
 * @param number the epoch of {@code train}/{@code validate}, the predictions of {@code inference}; 0 for the
 *               {@code after-} segments
 */
public record Segment(Kind kind, int number) {

    /** What a segment holds, with its label's stem. */
    public enum Kind {
        /** An epoch's training steps. */
        TRAIN("train"),
        /** An epoch's validation pass. */
        VALIDATE("validate"),
        /** From the end of training to the timed predictions (the test pass). */
        AFTER_TRAINING("after-training"),
        /** The timed predictions; the number is how many. */
        INFERENCE("inference"),
        /** From the end of the timed predictions to the trial's exit. */
        AFTER_INFERENCE("after-inference");

        private final String stem;

        Kind(String stem) {
            this.stem = stem;
        }
    }

    private static final Pattern NUMBERED = Pattern.compile("(train|validate|inference)-([1-9][0-9]{0,8})");

    /** Checks the number: at least 1 where the label carries one, 0 otherwise. */
    public Segment {
        boolean after = kind == Kind.AFTER_TRAINING || kind == Kind.AFTER_INFERENCE;
        if (after != (number == 0) || number < 0) {
            throw new IllegalArgumentException(kind.stem + " segment numbered " + number);
        }
    }

    /** The training segment of {@code epoch} (1-based). */
    public static Segment train(int epoch) {
        return new Segment(Kind.TRAIN, epoch);
    }

    /** The validation segment of {@code epoch} (1-based). */
    public static Segment validate(int epoch) {
        return new Segment(Kind.VALIDATE, epoch);
    }

    /** The segment from the end of training to the timed predictions. */
    public static Segment afterTraining() {
        return new Segment(Kind.AFTER_TRAINING, 0);
    }

    /** The segment of {@code predictions} timed predictions. */
    public static Segment inference(int predictions) {
        return new Segment(Kind.INFERENCE, predictions);
    }

    /** The segment from the end of the timed predictions to the trial's exit. */
    public static Segment afterInference() {
        return new Segment(Kind.AFTER_INFERENCE, 0);
    }

    /** The label a meter is marked with, e.g. {@code train-3}. */
    public String label() {
        return number == 0 ? kind.stem : kind.stem + "-" + number;
    }

    /** The segment {@code label} names, or empty for a label of a command's own. */
    public static Optional<Segment> parse(String label) {
        if (Kind.AFTER_TRAINING.stem.equals(label)) {
            return Optional.of(afterTraining());
        }
        if (Kind.AFTER_INFERENCE.stem.equals(label)) {
            return Optional.of(afterInference());
        }
        Matcher m = NUMBERED.matcher(label);
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind k = m.group(1).equals("train") ? Kind.TRAIN : m.group(1).equals("validate") ? Kind.VALIDATE
                : Kind.INFERENCE;
        return Optional.of(new Segment(k, Integer.parseInt(m.group(2))));
    }

    /** The segment in words, e.g. {@code epoch 3 training}, {@code test}, {@code 10,000 predictions}. */
    public String title() {
        return switch (kind) {
            case TRAIN -> "epoch " + number + " training";
            case VALIDATE -> "epoch " + number + " validation";
            case AFTER_TRAINING -> "test";
            case INFERENCE -> String.format(java.util.Locale.ROOT, "%,d predictions", number);
            case AFTER_INFERENCE -> "exit";
        };
    }

    /** Whether this is part of epoch {@code epoch}: its training or its validation. */
    public boolean ofEpoch(int epoch) {
        return (kind == Kind.TRAIN || kind == Kind.VALIDATE) && number == epoch;
    }

    @Override
    public String toString() {
        return label();
    }
}
