"""The carbonlab trial protocol (experiments/PROTOCOL.md), for any Python training script.

A study's parent process meters the script's whole process tree and reads its standard output line by line:

    @carbonlab:mark LABEL     the meter splits its window here (train-1, validate-1, ..., after-training,
                              inference-10000, after-inference)
    @carbonlab:result JSON    the outcome, once, last
    @carbonlab:error TEXT     why the trial failed (then exit non-zero)

Everything else a script prints is ignored by the parent; print chatter to standard error to keep it in the
trial's log. Only the standard library is used here.
"""

import json
import math
import sys

MARK = "@carbonlab:mark "
RESULT = "@carbonlab:result "
ERROR = "@carbonlab:error "

_out = sys.stdout


def mark(label):
    """Marks the meter: the energy since the previous mark belongs to the segment that ends here."""
    if not label or any(c.isspace() for c in label):
        raise ValueError("a mark label is one word, got %r" % (label,))
    _out.write(MARK + label + "\n")
    _out.flush()


def error(message):
    """Says why the trial failed (one line); the caller then exits non-zero."""
    _out.write(ERROR + " ".join(str(message).split()) + "\n")
    _out.flush()


def result(model, parameters, precision, epochs, test_accuracy, train_examples, steps, inference_seconds,
           engine, data, threads, stopped_early=False, target_epoch=None, skipped_steps=None,
           final_loss_scale=None, weight_types=("float32",), distilled=False, metrics=None, details=None):
    """Reports the outcome (once, after the last mark).

    epochs: a list of (epoch, mean training loss, validation accuracy, seconds) tuples, one per epoch run.
    metrics: named extra numbers the summary tabulates (e.g. {"step_ms": 17.2}); details: named strings that
    say how the figures were obtained (torch version, autocast dtype, TF32).
    """
    outcome = {
        "model": model,
        "parameters": int(parameters),
        "precision": precision,
        "epochs": [{"epoch": int(e), "trainLoss": _num(loss), "validationAccuracy": _num(acc), "seconds": float(s)}
                   for e, loss, acc, s in epochs],
        "testAccuracy": float(test_accuracy),
        "stoppedEarly": bool(stopped_early),
        "targetEpoch": target_epoch,
        "trainExamples": int(train_examples),
        "steps": int(steps),
        "skippedSteps": skipped_steps,
        "finalLossScale": final_loss_scale,
        "weightTypes": sorted(weight_types),
        "inferenceSeconds": float(inference_seconds),
        "distilled": bool(distilled),
        "threads": int(threads),
        "djl": None,
        "engine": engine,
        "data": data,
        "metrics": {k: _num(v) for k, v in (metrics or {}).items()},
        "details": {k: str(v) for k, v in (details or {}).items()},
    }
    _out.write(RESULT + json.dumps(outcome, allow_nan=False) + "\n")
    _out.flush()


def _num(v):
    v = float(v)
    return v if math.isfinite(v) else None
