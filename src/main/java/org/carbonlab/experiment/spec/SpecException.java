package org.carbonlab.experiment.spec;

/**
 * A study spec that cannot run, with where: {@code file:line:column: what was wrong; the valid options}.
 * Thrown before anything runs or is written.
 */
public final class SpecException extends org.carbonlab.util.UserException {
    private static final long serialVersionUID = 1L;

    /** A problem at {@code at}. */
    public SpecException(YamlTree.Position at, String message) {
        super(at + ": " + message);
    }
}
