#!/usr/bin/python3
"""Derives carbonlab's SPECpower power models (issue 25) from the public SPECpower_ssj2008 results as Cloud Carbon
Footprint's coefficients repository keeps them (numbers are facts; none of its code is used).

    scripts/make-specpower-table.py CCF_CHECKOUT [--out-table FILE] [--out-validation DIR]

CCF_CHECKOUT is a checkout of github.com/cloud-carbon-footprint/ccf-coefficients: its data/SPECpower-2026-03-09.csv
(one row per published result: whole-server average watts at 100 % load and at active idle, total hardware
threads, CPU description) and its per-generation lists of CPU model names (data/amd-epyc-gen5.csv, ...). A server
belongs to a generation when its CPU description ends with one of the generation's model names (CCF's rule).

Per generation it writes the per-thread power (server watts / total threads) at active idle and at 100 % load: the
median over the generation's servers and the band that holds a new server of the generation with 80 % probability
(see band()), and how many servers there are; "all" is the band for a CPU that is not identified: the widest,
every generation's band at once (see widest()).
These results hold only the two ends of the load curve, so the model is linear between them. Then it validates the
band by leaving each server out in turn: is the held-out server's per-thread power inside the band made from the
others, and how far is it from their median?

Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import csv
import math
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
    if not names:
        return []  # an empty alternation would match every server
    pattern = re.compile("|".join(r"\b" + re.escape(n) + "$" for n in names), re.I)
    return [r for r in rows if pattern.search(r["cpu"])]


COVERAGE = 0.8
# below this many servers the order statistics cannot promise COVERAGE: (m + 1 - 2) / (m + 1) < 0.8 for m < 9
MIN_SERVERS_FOR_ORDER_BAND = 9


def order_band(values, coverage=COVERAGE):
    """The low end and the high end of the distribution-free prediction interval of a new server of the same
    generation: [x_(k), x_(m+1-k)] of the m sorted values with k = floor((1 - coverage) / 2 * (m + 1)), at least 1,
    which holds a new exchangeable value with probability (m + 1 - 2k) / (m + 1) (nominal()). With many servers it
    is close to P10-P90 (plain sample P10-P90 covered only 73-81 % of held-out servers: too narrow for a new one)."""
    v = sorted(values)
    k = order_k(len(v), coverage)
    return v[k - 1], v[len(v) - k]


def order_k(m, coverage=COVERAGE):
    """k of order_band(): floor((1 - coverage) / 2 * (m + 1)), at least 1 (rounded first: 0.1 x 20 is
    1.9999999999999996 in floats)."""
    return max(1, int(round((1 - coverage) / 2 * (m + 1), 9)))


def nominal(m, coverage=COVERAGE):
    """The probability that a new server falls in order_band() of m servers."""
    return (m + 1 - 2 * order_k(m, coverage)) / (m + 1)


def median_distribution(values, m):
    """The exact distribution of the median of m servers drawn without replacement from values: (median, probability)
    pairs. Odd m: the median is the a-th smallest drawn, a = (m + 1) / 2, which is the r-th smallest value with
    probability C(r-1, a-1) C(n-r, m-a) / C(n, m); even m: the mean of the a-th and (a+1)-th drawn, a = m / 2, the
    r-th and s-th values with probability C(r-1, a-1) C(n-s, m-a-1) / C(n, m)."""
    v = sorted(values)
    n = len(v)
    total = math.comb(n, m)
    out = []
    if m % 2:
        a = (m + 1) // 2
        for r in range(1, n + 1):
            ways = math.comb(r - 1, a - 1) * math.comb(n - r, m - a)
            if ways:
                out.append((v[r - 1], ways / total))
    else:
        a = m // 2
        for r in range(1, n + 1):
            left = math.comb(r - 1, a - 1)
            for s in range(r + 1, n + 1) if left else ():
                ways = left * math.comb(n - s, m - a - 1)
                if ways:
                    out.append(((v[r - 1] + v[s - 1]) / 2, ways / total))
    return out


class SpreadOfOthers:
    """How far a new server lies from the median of m servers of its generation, learnt from the other generations:
    for each generation with at least m + 1 servers, every server in turn against the median of every m-subset of
    the rest (exactly, by median_distribution), the ratio new / median; generations weigh equally. Its P10 and P90
    are the ratio band a generation with too few servers of its own borrows (the other generations' spread, scaled
    by its median). Cached per (key, m, generation left out)."""

    def __init__(self, groups):
        self.groups = groups
        self.ratios = {}
        self.cache = {}

    def _ratios(self, gen, key, m):
        if (gen, key, m) not in self.ratios:
            values = [r[key] for r in self.groups[gen]]
            out = []
            for i, x in enumerate(values):
                out += [(x / med, p / len(values)) for med, p in median_distribution(values[:i] + values[i + 1:], m)]
            self.ratios[(gen, key, m)] = out
        return self.ratios[(gen, key, m)]

    def band(self, key, m, exclude, coverage=COVERAGE):
        """The P10 and P90 of the ratio for m servers, from every generation but those in the set exclude."""
        if (key, m, exclude) not in self.cache:
            donors = [g for g in self.groups if g not in exclude and len(self.groups[g]) > m]
            pooled = sorted((ratio, p / len(donors)) for g in donors for ratio, p in self._ratios(g, key, m))
            tail = (1 - coverage) / 2
            self.cache[(key, m, exclude)] = weighted_quantile(pooled, tail), weighted_quantile(pooled, 1 - tail)
        return self.cache[(key, m, exclude)]


def weighted_quantile(pairs, q):
    """The smallest value whose cumulative probability reaches q, of sorted (value, probability) pairs."""
    total = 0.0
    for value, p in pairs:
        total += p
        if total >= q - 1e-12:
            return value
    return pairs[-1][0]


def band(values, key, generation, spread, unseen=None):
    """The band of a new server of this generation from these of its servers: the low end, the median and the high
    end, and how the band was made. With at least MIN_SERVERS_FOR_ORDER_BAND servers the order-statistics band,
    which promises COVERAGE without assumptions; with fewer its promise falls short ((m - 1) / (m + 1) for the
    whole range), so the band is the hull of the whole range and the median times the P10-P90 ratio of the other
    generations (SpreadOfOthers): a few servers understate their generation's spread, and the others say how wide
    a generation's spread is around a median of that many servers. unseen: a generation that lends no spread either
    (the one a leave-one-generation-out round holds out)."""
    mid = statistics.median(values)
    lo, hi = order_band(values)
    if len(values) >= MIN_SERVERS_FOR_ORDER_BAND:
        return lo, mid, hi, "order", nominal(len(values))
    low_ratio, high_ratio = spread.band(key, len(values), frozenset({generation, unseen}))
    return min(lo, mid * low_ratio), mid, max(hi, mid * high_ratio), "pooled", COVERAGE


def leave_one_out(group, key, generation, spread):
    inside, errors, methods = 0, [], set()
    for i, held in enumerate(group):
        rest = [r[key] for j, r in enumerate(group) if j != i]
        lo, mid, hi, method, _ = band(rest, key, generation, spread)
        methods.add(method)
        inside += lo <= held[key] <= hi
        errors.append(abs(held[key] - mid) / held[key])
    return inside / len(group), statistics.median(errors), "+".join(sorted(methods))


def widest(bands, key, exclude=None):
    """The band for a CPU whose generation is not known: from the lowest low end to the highest high end of the
    generations' bands (every generation's at once: the widest band), around the median of their medians (each
    generation once, so that the 126 Sandy Bridge servers do not pull the centre to 2011)."""
    chosen = [b for (gen, k), b in bands.items() if k == key and gen != exclude]
    return (min(b[0] for b in chosen), statistics.median(b[1] for b in chosen), max(b[2] for b in chosen))


def leave_generation_out(table, spread):
    """How a CPU of an unseen generation fares: each generation left out in turn, the share of its servers inside
    the widest band of the others, whose pooled bands borrow no spread from it either. Per key: (coverage over all
    servers, {generation: coverage})."""
    out = {}
    for key in ("idle", "max"):
        per, inside, total = {}, 0, 0
        for gen, group in table:
            others = {(g, key): band([r[key] for r in other], key, g, spread, unseen=gen) for g, other in table
                      if g != gen}
            lo, _, hi = widest(others, key)
            n = sum(lo <= r[key] <= hi for r in group)
            per[gen] = n / len(group)
            inside += n
            total += len(group)
        out[key] = (inside / total, per)
    return out


def v1_fallback(table):
    """What v1's fallback (every other generation's servers, their order band) held of a left-out generation's servers:
    at 100 %, at idle, and for epyc-gen5 at 100 %, for the comparison in the validation."""
    cov = {}
    for key in ("max", "idle"):
        inside, total = 0, 0
        for gen, group in table:
            lo, hi = order_band([r[key] for g, other in table if g != gen for r in other])
            n = sum(lo <= r[key] <= hi for r in group)
            inside += n
            total += len(group)
            if gen == "epyc-gen5" and key == "max":
                cov["gen5"] = n / len(group)
        cov[key] = inside / total
    return cov["max"], cov["idle"], cov.get("gen5", float("nan"))


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
    p.add_argument("--out-table", default="src/main/resources/org/carbonlab/hardware/specpower-v2.csv")
    p.add_argument("--out-validation", default="results/specpower")
    a = p.parse_args()
    rows = servers(a.checkout)
    source_commit = a.commit or commit(a.checkout)
    table = []
    for gen, list_file in GENERATIONS:
        group = members(a.checkout, list_file, rows)
        if group:
            table.append((gen, group))
    spread = SpreadOfOthers(dict(table))
    bands = {(gen, key): band([r[key] for r in group], key, gen, spread) for gen, group in table
             for key in ("idle", "max")}
    unseen = leave_generation_out(table, spread)
    fallback_coverage = min(unseen["idle"][0], unseen["max"][0])
    rounds_of = {(gen, key): leave_one_out(group, key, gen, spread) for gen, group in table
           if len(group) >= MIN_SERVERS_FOR_VALIDATION for key in ("idle", "max")}
    table.append(("all", [r for _, group in table for r in group]))

    with open(a.out_table, "w") as f:
        f.write("# carbonlab SPECpower power models v2: per hardware thread, whole-server watts (CPU, memory, disks,\n"
                "# fans, power supply losses) / total threads, at active idle and at 100 %% load of SPECpower_ssj2008;\n"
                "# per generation the median and the band that holds a new server of it with probability 'coverage':\n"
                "# band 'order' = order statistics of its servers (close to P10-P90; at least 9 servers), band 'pooled'\n"
                "# = fewer servers: the hull of their range and their median times the P10-P90 ratio of a new server to\n"
                "# the median of as many servers in the other generations. 'all' (band 'widest') is for a CPU that is\n"
                "# not identified: from the lowest low end to the highest high end of the generations' bands, around\n"
                "# the median of their medians; its coverage is the share of a left-out generation's servers it held.\n"
                "# held_out: the smaller share of held-out servers inside the band of the others, at idle and at 100 %%\n"
                "# (leave-one-out; empty below %d servers; for 'all', its coverage). Validation:\n"
                "# results/specpower/validation.md.\n"
                "# Derived by scripts/make-specpower-table.py from %s of\n"
                "# github.com/cloud-carbon-footprint/ccf-coefficients (commit %s), %d results; a server belongs to a\n"
                "# generation when its CPU description ends with a model name of CCF's list for it.\n"
                % (MIN_SERVERS_FOR_VALIDATION, SPEC_FILE, source_commit, len(rows)))
        f.write("generation,servers,idle_low,idle_median,idle_high,max_low,max_median,max_high,band,coverage,published,"
                "held_out\n")
        for gen, group in table:
            if gen == "all":
                idle = widest(bands, "idle") + ("widest", fallback_coverage)
                full = widest(bands, "max") + ("widest", fallback_coverage)
            else:
                idle, full = bands[(gen, "idle")], bands[(gen, "max")]
            years = sorted({r["published"][-4:] for r in group if r["published"][-4:].isdigit()})
            held = (fallback_coverage if gen == "all"
                    else min(rounds_of[(gen, "idle")][0], rounds_of[(gen, "max")][0]) if (gen, "max") in rounds_of
                    else None)
            f.write("%s,%d,%s,%s,%s,%.3f,%s,%s\n" % (gen, len(group), ",".join("%.4f" % x for x in idle[:3]),
                                                    ",".join("%.4f" % x for x in full[:3]), full[3],
                                                    min(idle[4], full[4]),
                                                    (years[0] + "-" + years[-1]) if years else "",
                                                    "" if held is None else "%.4f" % held))

    every_server = v1_fallback(table[:-1])
    os.makedirs(a.out_validation, exist_ok=True)
    ccf = ccf_published(a.checkout)
    lines = []
    agree, disagree = [], []
    failing, small = [], []
    rounds = {}  # band method -> [held-out servers inside, held-out rounds], both ends
    for gen, group in table:
        if gen == "all":
            continue
        full, idle = bands[(gen, "max")], bands[(gen, "idle")]
        if len(group) >= MIN_SERVERS_FOR_VALIDATION:
            cov_max, err_max, how = rounds_of[(gen, "max")]
            cov_idle, err_idle, _ = rounds_of[(gen, "idle")]
            tally = rounds.setdefault(how, [0, 0])
            tally[0] += round(cov_max * len(group)) + round(cov_idle * len(group))
            tally[1] += 2 * len(group)
            for end, cov in (("100 %", cov_max), ("idle", cov_idle)):
                if cov < COVERAGE:
                    inside = round(cov * len(group))
                    # how often a band that holds exactly COVERAGE of new servers would show this few or fewer
                    chance = sum(math.comb(len(group), j) * COVERAGE ** j * (1 - COVERAGE) ** (len(group) - j)
                                 for j in range(inside + 1))
                    failing.append("%s at %s: %d of %d held-out servers; a band holding exactly 80 %% of new servers"
                                   " shows %d or fewer of %d with probability %.0f %%"
                                   % (gen, end, inside, len(group), inside, len(group), 100 * chance))
            if how == "pooled":
                # what the others' whole range alone held, as v1 of this table did
                whole = [sum(min(v) <= held <= max(v) for i, held in enumerate(vals)
                             for v in [vals[:i] + vals[i + 1:]]) / len(vals)
                         for vals in ([r["max"] for r in group], [r["idle"] for r in group])]
                small.append("%s (%d servers: %.0f %% and %.0f %%)" % (gen, len(group), 100 * whole[0], 100 * whole[1]))
            loo = "%s | %.0f %% | %.1f %% | %.0f %% | %.1f %%" % (how, 100 * cov_max, 100 * err_max, 100 * cov_idle,
                                                                100 * err_idle)
        else:
            loo = "n/a (fewer than %d servers) | | | | " % MIN_SERVERS_FOR_VALIDATION
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
                "least %d servers, each server is left out in turn and the band is made from the others alone, as the\n"
                "table makes it: coverage is the share of held-out servers whose per-thread power lies inside it; error\n"
                "is the median of |held-out - median of the others| / held-out.\n\n"
                "How the band is made from the m servers it rests on (column 'held-out band': how the held-out rounds'\n"
                "bands, from the n - 1 others, were made; the shipped table's own band rests on all n): **order**, m >= %d: the\n"
                "distribution-free 80 %% prediction band [x_(k), x_(m+1-k)], k = floor(0.1 (m + 1)), which holds a new\n"
                "server with probability (m + 1 - 2k) / (m + 1) >= 80 %% (plain sample P10-P90 is narrower and covered only\n"
                "73-81 %%). **pooled**, m < %d, where no distribution-free band can promise 80 %% (the whole range holds\n"
                "(m - 1) / (m + 1)): the hull of the m servers' range and their median times the P10-P90 of the ratio\n"
                "new server / median of m servers, taken exactly over every server and every m-subset of the rest in\n"
                "each other generation with more than m servers (generations weigh equally). In a held-out round the\n"
                "held-out server enters neither its generation's figures nor the pooled ratio.\n\n"
                "CCF is the per-vCPU min-max that CCF publishes (output/coefficients-aws-use.csv: the mean idle and\n"
                "mean 100 %% figure of its servers).\n\n"
                "| generation | servers | W/thread at 100 %%, median [band] | W/thread at idle, median [band] | held-out band |"
                " coverage 100 %% | error 100 %% | coverage idle | error idle | CCF min-max |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n"
                % (source_commit, SPEC_FILE, len(rows), MIN_SERVERS_FOR_VALIDATION, MIN_SERVERS_FOR_ORDER_BAND,
                   MIN_SERVERS_FOR_ORDER_BAND))
        f.write("\n".join(lines) + "\n")
        f.write("\nEvery generation with at least %d servers reaches 80 %% coverage at both ends: %s.\n"
                % (MIN_SERVERS_FOR_VALIDATION, "yes" if not failing else "no: " + "; ".join(failing)))
        f.write("\nAll held-out rounds together (both ends): %s.\n"
                % "; ".join("%s bands held %d of %d (%.1f %%)" % (how, t[0], t[1], 100 * t[0] / t[1])
                            for how, t in sorted(rounds.items())))
        if small:
            f.write("\nThe others' whole range alone (v1 of this table) held %s of the held-out servers at 100 %% and"
                    " at idle.\n" % ", ".join(small))
        f.write("\n## A CPU not in the table\n\nIts band (row 'all', band 'widest') runs from the lowest low end to the"
                " highest high end of the generations' bands, around the median of their medians: %s W per thread at"
                " 100 %% load, %s W at idle. Leaving each generation out in turn and asking whether its servers lie in"
                " the widest band of the others (a CPU of a generation the table has not seen): %.1f %% of the"
                " servers at 100 %% load, %.1f %% at idle; the generations below 80 %%: %s. v1 gave such a CPU every"
                " server's 80 %% band (1.71-17.75 W at 100 %%, median 4.45 W, centred by the 126 Sandy Bridge"
                " servers); made the same way from the other generations' servers, that band held %.1f %% and %.1f %%"
                " of a left-out generation's servers (epyc-gen5 at 100 %%: %.0f %%).\n"
                % ("%.2f [%.2f, %.2f]" % tuple(widest(bands, "max")[i] for i in (1, 0, 2)),
                   "%.2f [%.2f, %.2f]" % tuple(widest(bands, "idle")[i] for i in (1, 0, 2)),
                   100 * unseen["max"][0], 100 * unseen["idle"][0],
                   ", ".join("%s %s %.0f %%" % (g, "at 100 %" if k == "max" else "at idle", 100 * c)
                             for k in ("max", "idle") for g, c in unseen[k][1].items() if c < COVERAGE) or "none",
                   100 * every_server[0], 100 * every_server[1], 100 * every_server[2]))
        f.write("\nChanges from v1 of the table: 'all' is the widest band above, not every server's; the pooled bands below 9 servers (v1 had the whole range); and k of"
                " the order band is floor(0.1 (m + 1)) as written (v1 computed 0.1 x 20 as 1.999... and took k one"
                " too small where m + 1 is a multiple of 10, so emeraldrapids (19) and cascadelake (69) had wider"
                " bands than the rule).\n")
        f.write("\nAgreement with CCF: the means of these servers equal CCF's published min-max within 1 %% for %d"
                " generations (%s); they differ for %s. The figures here are recomputed from the results"
                " themselves, and the table above shows both.\n" % (len(agree), ", ".join(agree),
                                                                      ", ".join(disagree) or "none"))
    print("wrote %s (%d generations + all) and %s" % (a.out_table, len(table) - 1,
                                                     os.path.join(a.out_validation, "validation.md")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
