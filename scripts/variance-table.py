#!/usr/bin/python3
"""Side-by-side variance budgets of study runs, as a Markdown table (for results/ READMEs):

  scripts/variance-table.py LABEL=RUN_DIR:VARIANT [LABEL=RUN_DIR:VARIANT ...]

For each segment of energy per trial: its mean (J) and CV in each column's run and variant, from the run's
summary.json (`variance_budget`, written by `carbonlab report` from the raw traces), then the whole trial's.
"""
import json
import pathlib
import sys


def budget(run, variant):
    s = json.loads((pathlib.Path(run) / "summary.json").read_text())
    v = s.get("variance_budget", {}).get("variants", {}).get(variant)
    if v is None:
        raise SystemExit("%s has no variance budget for variant %s (carbonlab report %s writes it)"
                         % (run, variant, run))
    return v["energy_per_trial"]


def pct(x):
    return "n/a" if x is None else "%.0f %%" % (100 * x)


def main(argv):
    cols = []
    for arg in argv[1:]:
        label, _, rest = arg.partition("=")
        run, _, variant = rest.rpartition(":")
        if not label or not run or not variant:
            raise SystemExit(__doc__)
        cols.append((label, budget(run, variant)))
    if not cols:
        raise SystemExit(__doc__)
    names = []
    for _, b in cols:
        for p in b["segments"]:
            if p["segment"] not in names:
                names.append(p["segment"])
    print("| segment | " + " | ".join("%s: mean J, CV" % label for label, _ in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for n in names:
        cells = []
        for _, b in cols:
            p = next((p for p in b["segments"] if p["segment"] == n), None)
            cells.append("-" if p is None else "%.3g, %s" % (p["mean"], pct(p["cv"])))
        print("| %s | %s |" % (n, " | ".join(cells)))
    print("| **whole trial** | %s |" % " | ".join("%.3g, **%s** (n %d)" % (b["mean"], pct(b["cv"]), b["n"])
                                                 for _, b in cols))


if __name__ == "__main__":
    main(sys.argv)
