#!/usr/bin/python3
"""Derives carbonlab's SPECpower power models (issue 25) from the public SPECpower_ssj2008 results as Cloud Carbon
Footprint's coefficients repository keeps them (numbers are facts; none of its code is used).

    scripts/make-specpower-table.py CCF_CHECKOUT [--out-table FILE] [--out-validation DIR]

CCF_CHECKOUT is a checkout of github.com/cloud-carbon-footprint/ccf-coefficients: its data/SPECpower-2026-03-09.csv
(one row per published result: whole-server average watts at 100 % load and at active idle, total hardware
threads, CPU description) and its per-generation lists of CPU model names (data/amd-epyc-gen5.csv, ...). A server
belongs to a generation when its CPU description ends with one of the generation's model names (CCF's rule).

Per generation it writes the per-thread power (server watts / total threads) at active idle and at 100 % load: the
10th, 50th and 90th percentiles over the generation's servers, and how many there are; "all" is every server,
the band for a CPU that is not identified. These results hold only the two ends of the load curve, so the model is
linear between them. Then it validates the band by leaving each server out in turn: is the held-out server's
per-thread power inside the P10-P90 band of the others, and how far is it from their median?

Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import csv
import os
import re
import statistics
import subprocess
import sys

SPEC_FILE = "data/SPECpower-2026-03-09.csv"
# carbonlab's generation id -> CCF's list of CPU model names
GENERATIONS = [
    ("epyc-gen1", "amd-epyc-gen1.csv"), ("epyc-gen2", "amd-epyc-gen2.csv"), ("epyc-gen3", "amd-epyc-gen3.csv"),
    ("epyc-gen4", "amd-epyc-gen4.csv"), ("epyc-gen5", "amd-epyc-gen5.csv"),
    ("neoverse-n1", "amd-neoverse-n1.csv"),  # CCF's file name says amd; it lists Ampere Altra (Neoverse N1) parts
    ("sandybridge", "intel-sandybridge.csv"), ("ivybridge", "intel-ivybridge.csv"),
    ("haswell", "intel-haswell.csv"), ("broadwell", "intel-broadwell.csv"),
    ("skylake-client", "intel-skylake-client.csv"), ("skylake-server", "intel-skylake-server.csv"),
    ("cascadelake", "intel-cascadelake.csv"), ("coffeelake", "intel-coffeelake.csv"),
    ("icelake", "intel-icelake.csv"), ("sapphirerapids", "intel-sapphirerapids.csv"),
    ("emeraldrapids", "intel-emeraldrapids.csv"), ("graniterapids", "intel-graniterapids.csv"),
]
# CCF's published per-vCPU min and max (output/coefficients-aws-use.csv), for the comparison in the validation
CCF_ARCH = {"epyc-gen1": "EPYC 1st Gen", "epyc-gen2": "EPYC 2nd Gen", "epyc-gen3": "EPYC 3rd Gen",
            "epyc-gen4": "EPYC 4th Gen", "epyc-gen5": "EPYC 5th Gen", "neoverse-n1": "Graviton2",
            "sandybridge": "Sandy Bridge", "ivybridge": "Ivy Bridge", "haswell": "Haswell", "broadwell": "Broadwell",
            "skylake-server": "Skylake", "cascadelake": "Cascade Lake", "coffeelake": "Coffee Lake",
            "icelake": "Ice Lake", "sapphirerapids": "Sapphire Rapids", "emeraldrapids": "Emerald Rapids",
            "graniterapids": "Granite Rapids"}
MIN_SERVERS_FOR_VALIDATION = 5


def quantile(values, p):
    """The p-quantile by linear interpolation between order statistics (numpy's default, R type 7)."""
    v = sorted(values)
    k = (len(v) - 1) * p
    i = int(k)
    return v[i] + (v[min(i + 1, len(v) - 1)] - v[i]) * (k - i)


def servers(checkout):
    rows = []
    with open(os.path.join(checkout, SPEC_FILE), newline="") as f:
        for r in csv.DictReader(f):
            try:
                threads = float(r["Total Threads"])
                full = float(r["avg. watts @ 100%"])
                idle = float(r["avg. watts @ active idle"])
            except (ValueError, KeyError):
                continue
            if threads > 0 and full > 0 and idle > 0:
                rows.append({"cpu": r["CPU Description"].strip(), "system": r["System"].strip(),
                             "published": r["Published"].strip(), "idle": idle / threads, "max": full / threads})
    return rows


def members(checkout, list_file, rows):
    with open(os.path.join(checkout, "data", list_file)) as f:
        names = [line.strip() for line in f if line.strip()]
    pattern = re.compile("|".join(r"\b" + re.escape(n) + "$" for n in names), re.I)
    return [r for r in rows if pattern.search(r["cpu"])]


def band(values, coverage=0.8):
    """The low end, the median and the high end of the band: the distribution-free prediction interval of a new
    server of the same generation, [x_(k), x_(m+1-k)] of the m sorted values with k = floor((1 - coverage) / 2 *
    (m + 1)), which holds a new exchangeable value with probability (m + 1 - 2k) / (m + 1) >= coverage. With many
    servers it is close to P10-P90; with fewer than 9 it is the whole range (k = 1), whose probability is lower and
    is written beside it. Plain sample P10-P90 covered only 73-81 % of held-out servers (too narrow for a new one)."""
    v = sorted(values)
    m = len(v)
    k = max(1, int((1 - coverage) / 2 * (m + 1)))
    return v[k - 1], quantile(v, 0.5), v[m - k]


def nominal(m, coverage=0.8):
    """The probability that a new server falls in band() of m servers."""
    k = max(1, int((1 - coverage) / 2 * (m + 1)))
    return (m + 1 - 2 * k) / (m + 1)


def leave_one_out(group, key):
    inside, errors = 0, []
    for i, held in enumerate(group):
        rest = [r[key] for j, r in enumerate(group) if j != i]
        lo, mid, hi = band(rest)
        inside += lo <= held[key] <= hi
        errors.append(abs(held[key] - mid) / held[key])
    return inside / len(group), statistics.median(errors)


def ccf_published(checkout):
    out = {}
    path = os.path.join(checkout, "output", "coefficients-aws-use.csv")
    if os.path.exists(path):
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                out[r["Architecture"]] = (float(r["Min Watts"]), float(r["Max Watts"]))
    return out


def commit(checkout):
    try:
        return subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkout", help="a checkout of cloud-carbon-footprint/ccf-coefficients")
    p.add_argument("--commit", default=None, help="its commit, when the checkout is not a git work tree")
    p.add_argument("--out-table", default="src/main/resources/org/carbonlab/hardware/specpower-v1.csv")
    p.add_argument("--out-validation", default="results/specpower")
    a = p.parse_args()
    rows = servers(a.checkout)
    source_commit = a.commit or commit(a.checkout)
    table = []
    for gen, list_file in GENERATIONS:
        group = members(a.checkout, list_file, rows)
        if group:
            table.append((gen, group))
    table.append(("all", rows))

    with open(a.out_table, "w") as f:
        f.write("# carbonlab SPECpower power models v1: per hardware thread, whole-server watts (CPU, memory, disks,\n"
                "# fans, power supply losses) / total threads, at active idle and at 100 %% load of SPECpower_ssj2008;\n"
                "# per generation the median and the 80 %% prediction band of a new server (order statistics, close to\n"
                "# P10-P90; the whole range below 9 servers, nominal coverage in 'coverage'); 'all' is every server (the\n"
                "# band for a CPU that is not identified). Columns keep the names p10/p50/p90 for low/median/high; the\n"
                "# Derived by scripts/make-specpower-table.py from %s of\n"
                "# github.com/cloud-carbon-footprint/ccf-coefficients (commit %s), %d results; a server belongs to a\n"
                "# generation when its CPU description ends with a model name of CCF's list for it.\n"
                % (SPEC_FILE, source_commit, len(rows)))
        f.write("generation,servers,idle_p10,idle_p50,idle_p90,max_p10,max_p50,max_p90,coverage,published\n")
        for gen, group in table:
            idle = band([r["idle"] for r in group])
            full = band([r["max"] for r in group])
            years = sorted({r["published"][-4:] for r in group if r["published"][-4:].isdigit()})
            f.write("%s,%d,%s,%s,%.3f,%s\n" % (gen, len(group), ",".join("%.4f" % x for x in idle),
                                              ",".join("%.4f" % x for x in full), nominal(len(group)),
                                              (years[0] + "-" + years[-1]) if years else ""))

    os.makedirs(a.out_validation, exist_ok=True)
    ccf = ccf_published(a.checkout)
    lines = []
    agree, disagree = [], []
    ok = True
    for gen, group in table:
        if gen == "all":
            continue
        full = band([r["max"] for r in group])
        idle = band([r["idle"] for r in group])
        if len(group) >= MIN_SERVERS_FOR_VALIDATION:
            cov_max, err_max = leave_one_out(group, "max")
            cov_idle, err_idle = leave_one_out(group, "idle")
            if len(group) >= 10:  # 9 others or more: the band can promise 80 %
                ok &= cov_max >= 0.8 and cov_idle >= 0.8
            loo = "%.0f %% | %.1f %% | %.0f %% | %.1f %%" % (100 * cov_max, 100 * err_max, 100 * cov_idle,
                                                           100 * err_idle)
        else:
            loo = "n/a (fewer than %d servers) | | |" % MIN_SERVERS_FOR_VALIDATION
        published = ccf.get(CCF_ARCH.get(gen, ""), None)
        # CCF publishes the mean idle and mean 100 % figure; the same means from these servers, for a like comparison
        mean_idle = statistics.mean(r["idle"] for r in group)
        mean_max = statistics.mean(r["max"] for r in group)
        ccf_text = ("%.2f-%.2f (these servers' means: %.2f-%.2f)" % (published + (mean_idle, mean_max))
                    if published else "n/a")
        if published:
            same = abs(mean_idle / published[0] - 1) < 0.01 and abs(mean_max / published[1] - 1) < 0.01
            (agree if same else disagree).append(gen)
        lines.append("| %s | %d | %.2f [%.2f, %.2f] | %.2f [%.2f, %.2f] | %s | %s |"
                     % (gen, len(group), full[1], full[0], full[2], idle[1], idle[0], idle[2], loo, ccf_text))
    with open(os.path.join(a.out_validation, "validation.md"), "w") as f:
        f.write("# SPECpower power models: leave-one-out validation\n\n"
                "Written by `scripts/make-specpower-table.py` from the SPECpower_ssj2008 results in\n"
                "cloud-carbon-footprint/ccf-coefficients (commit %s, %s, %d results with power and threads).\n"
                "W per hardware thread = whole-server average watts / total threads. For each generation with at\n"
                "least %d servers, each server is left out in turn: coverage is the share of held-out servers whose\n"
                "per-thread power lies inside the band of the others (the 80 %% prediction band by order statistics:\n"
                "[x_(k), x_(m+1-k)] of the m others, k = floor(0.1 (m + 1)), at least 1; plain P10-P90 is narrower and\n"
                "covered 73-81 %%); error is the median of\n"
                "|held-out - median of the others| / held-out. CCF is the per-vCPU min-max that CCF publishes\n"
                "(output/coefficients-aws-use.csv: the mean idle and mean 100 %% figure of its servers).\n\n"
                "| generation | servers | W/thread at 100 %%, median [band] | W/thread at idle, median [band] | coverage 100 %% |"
                " error 100 %% | coverage idle | error idle | CCF min-max |\n|---|---|---|---|---|---|---|---|---|\n"
                % (source_commit, SPEC_FILE, len(rows), MIN_SERVERS_FOR_VALIDATION))
        f.write("\n".join(lines) + "\n")
        f.write("\nEvery generation with at least 10 servers (9 others in each held-out round: the band can promise"
                " 80 %%) reaches 80 %% coverage at both ends: %s. With 5 to 9 servers the band is the others' whole"
                " range, which holds a new server with probability (m - 1) / (m + 1) for m others: 71 %% for 7"
                " servers, 78 %% for 9; those rows say what their coverage is, and summaries print each band with"
                " its generation and server count.\n" % ("yes" if ok else "NO"))
        f.write("\nAgreement with CCF: the means of these servers equal CCF's published min-max within 1 %% for %d"
                " generations (%s); they differ for %s. The figures here are recomputed from the results"
                " themselves, and the table above shows both.\n" % (len(agree), ", ".join(agree),
                                                                      ", ".join(disagree) or "none"))
    print("wrote %s (%d generations + all) and %s" % (a.out_table, len(table) - 1,
                                                     os.path.join(a.out_validation, "validation.md")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
