#!/usr/bin/python3
"""Derives carbonlab's SPECpower power models (specpower-v3.csv) and their validation from the public SPECpower_ssj2008
results as Cloud Carbon Footprint's coefficients repository keeps them (numbers are facts; none of its code is used).

    scripts/make-specpower-table.py CCF_CHECKOUT [--commit SHA] [--out-table FILE] [--out-forms FILE]
                                    [--out-validation DIR]

CCF_CHECKOUT is a checkout of github.com/cloud-carbon-footprint/ccf-coefficients: its data/SPECpower-2026-03-09.csv
(one row per published result: whole-server average watts at 100 % load and at active idle, total hardware threads,
CPU description, hardware vendor, month of publication) and its per-generation lists of CPU model names
(data/amd-epyc-gen5.csv, ...). A server belongs to a generation when its CPU description ends with one of the
generation's model names (CCF's rule), unless it is a client part (Core i3/i5/i7/i9, Pentium, Celeron, Atom: a desktop
in a server list), which no generation takes.

Per generation it writes the per-thread power (server watts / total threads) at active idle and at 100 % load: the
median over the generation's servers and a band (see band() and widened()); "all" is the band of a CPU that is not
identified (see mixture_band()). The bands are validated by tests that can fail (validation.md): forward in time
(older servers -> newer), leaving out each CPU SKU and each hardware vendor, and at both ends together; each with its
n and a Clopper-Pearson interval. The level each band states is what the forward test supports.

It also writes the envelope of a second family of load curves (Boavizta's fitted CPU consumption profiles) around the
line between SPECpower's idle and 100 % points, the form error of that line at partial load (load-curve-forms.csv).

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
# a desktop part in a server generation's list (CCF's Haswell list matches a Core i5-4570 desktop by its name)
CLIENT_PART = re.compile(r"\bCore(\(TM\))? i[3579]\b|\bPentium\b|\bCeleron\b|\bAtom\b")
# Boavizta's fitted CPU consumption profiles, power(w) = a ln(b (w + c)) + d at workload w in percent (boaviztapi,
# boaviztapi/data/consumption_profile/cpu/cpu_profile.csv, commit 37c606360791ff2365b7080738badb76645b4fb4; figures
# with attribution, no code): the second curve family against which the line is bounded
BOAVIZTA_PROFILES = [("Intel Xeon Platinum", 171.1813, 0.0354, 36.8953, -10.1336),
                     ("Intel Xeon Gold", 35.5688, 0.2438, 9.6694, -0.6087),
                     ("Intel Xeon Silver", 20.7794, 0.3043, 8.4241, 0.8613),
                     ("Intel Xeon E5", 48.9167, 0.1349, 15.7262, -4.654),
                     ("Intel Xeon E3", 342.3624, 0.0347, 36.8952, -16.4022),
                     ("Intel Xeon E", 55.6501, 0.0467, 20.4146, 4.2436)]
KEYS = ("idle", "max")
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


def servers(checkout):
    rows = []
    with open(os.path.join(checkout, SPEC_FILE), newline="") as f:
        for r in csv.DictReader(f):
            try:
                threads = float(r["Total Threads"])
                full = float(r["avg. watts @ 100%"])
                idle = float(r["avg. watts @ active idle"])
                month, year = r["Published"].strip().split("-")
                published = int(year) * 12 + MONTHS[month[:3]]
            except (ValueError, KeyError):
                continue
            if threads > 0 and full > 0 and idle > 0:
                rows.append({"cpu": r["CPU Description"].strip(), "system": r["System"].strip(),
                             "vendor": r["Hardware Vendor"].strip(), "published": published,
                             "idle": idle / threads, "max": full / threads})
    return rows


def members(checkout, list_file, rows):
    """The servers of a generation, each with its SKU (the model name of the list it matched); client parts apart:
    (servers, client parts)."""
    with open(os.path.join(checkout, "data", list_file)) as f:
        names = [line.strip() for line in f if line.strip()]
    out, clients = [], []
    for r in rows:
        for name in names:
            if re.search(r"\b" + re.escape(name) + "$", r["cpu"], re.I):
                (clients if CLIENT_PART.search(r["cpu"]) else out).append(dict(r, sku=name.lower()))
                break
    return out, clients


COVERAGE = 0.8
# below this many servers the order band's ends would be a single server's (k = 1): one machine would set them
MIN_SERVERS_FOR_ORDER_BAND = 19
# the forward test: the older servers (by month of publication) make the band, the newer ones test it; the split is
# the month boundary that leaves the share of older servers closest to FORWARD_SHARE, with at least 3 of them
FORWARD_SHARE = 0.75
WIDENING_GRID = [1 + i / 100 for i in range(0, 101)]
MIXTURE_GRID = [0.80 + i / 200 for i in range(0, 40)]


def order_band(values, coverage=COVERAGE):
    """The low end and the high end of the distribution-free prediction interval of a new server of the same
    generation: [x_(k), x_(m+1-k)] of the m sorted values with k = floor((1 - coverage) / 2 * (m + 1)), at least 1,
    which holds a new exchangeable value with probability (m + 1 - 2k) / (m + 1). With many servers it
    is close to P10-P90 (plain sample P10-P90 covered only 73-81 % of held-out servers: too narrow for a new one)."""
    v = sorted(values)
    k = order_k(len(v), coverage)
    return v[k - 1], v[len(v) - k]


def order_k(m, coverage=COVERAGE):
    """k of order_band(): floor((1 - coverage) / 2 * (m + 1)), at least 1 (rounded first: 0.1 x 20 is
    1.9999999999999996 in floats)."""
    return max(1, int(round((1 - coverage) / 2 * (m + 1), 9)))


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


def band(values, key, generation, spread):
    """The band of a new server of this generation from these m of its servers, before widening: the low end, the
    median, the high end and how it was made. With m >= MIN_SERVERS_FOR_ORDER_BAND the distribution-free order band
    [x_(k), x_(m+1-k)], k >= 2, so that no single server sets an end; with fewer, the median times the P10-P90 of the
    ratio new server / median of m servers in the other generations (SpreadOfOthers), a spread that a few servers of
    their own cannot show."""
    mid = statistics.median(values)
    if len(values) >= MIN_SERVERS_FOR_ORDER_BAND:
        lo, hi = order_band(values)
        return lo, mid, hi, "order"
    low_ratio, high_ratio = spread.band(key, len(values), frozenset({generation}))
    return mid * low_ratio, mid, mid * high_ratio, "pooled"


def widened(b, factor):
    """A band with its low end divided and its high end multiplied by factor (the drift a forward test asks for)."""
    return b[0] / factor, b[1], b[2] * factor, b[3]


def forward_split(group):
    """(older, newer): the servers published before the month boundary whose older share is closest to FORWARD_SHARE
    (at least 3 older, 1 newer), or None where the generation's servers do not span two months with that many."""
    months = sorted({r["published"] for r in group})
    best = None
    for boundary in months[1:]:
        older = [r for r in group if r["published"] < boundary]
        if len(older) >= 3 and (best is None or abs(len(older) / len(group) - FORWARD_SHARE)
                                < abs(len(best[0]) / len(group) - FORWARD_SHARE)):
            best = (older, [r for r in group if r["published"] >= boundary])
    return best


def family_splits(group, field):
    """Leave one family out: for each value of field (the SKU, the vendor) with at least 3 servers of other values,
    (the others, that family's servers); none where the generation has one family only."""
    values = sorted({r[field] for r in group})
    if len(values) < 2:
        return []
    return [(rest, held) for v in values for rest, held in [([r for r in group if r[field] != v],
                                                             [r for r in group if r[field] == v])] if len(rest) >= 3]


class Tally:
    """Held-out servers inside their band, at 100 % load, at idle and at both ends together."""

    def __init__(self):
        self.held = {"max": 0, "idle": 0, "both": 0}
        self.n = 0

    def add(self, other):
        for k in self.held:
            self.held[k] += other.held[k]
        self.n += other.n


def held_by(bands, servers):
    """A Tally of servers inside bands (per key: low, median, high, how)."""
    t = Tally()
    for r in servers:
        inside = {k: bands[k][0] <= r[k] <= bands[k][2] for k in KEYS}
        t.held["max"] += inside["max"]
        t.held["idle"] += inside["idle"]
        t.held["both"] += inside["max"] and inside["idle"]
        t.n += 1
    return t


def test(folds, generation, spread, factor):
    """How the widened bands made from each fold's first part held its second part's servers."""
    t = Tally()
    for train, held_out in folds:
        t.add(held_by({k: widened(band([r[k] for r in train], k, generation, spread), factor) for k in KEYS},
                      held_out))
    return t


def learned_factor(folds_of, spread, exclude=None):
    """The smallest widening on WIDENING_GRID under which the forward test of every generation but exclude holds at
    least COVERAGE of the newer servers at both ends together (pooled over servers)."""
    for f in WIDENING_GRID:
        t = Tally()
        for gen, folds in folds_of.items():
            if gen != exclude:
                t.add(test(folds, gen, spread, f))
        if t.n and t.held["both"] >= COVERAGE * t.n:
            return f
    return WIDENING_GRID[-1]


def mixture_band(groups, key, level, exclude=None):
    """The band of a CPU whose generation is not known: the central level of the mixture of the generations' servers
    in which every generation weighs the same (so that 126 Sandy Bridge servers do not make it Sandy Bridge's), and
    the median of the generations' medians."""
    chosen = {g: v for g, v in groups.items() if g != exclude}
    pairs = sorted((r[key], 1 / (len(chosen) * len(v))) for v in chosen.values() for r in v)
    tail = (1 - level) / 2
    return (weighted_quantile(pairs, tail), statistics.median(statistics.median(r[key] for r in v)
                                                              for v in chosen.values()),
            weighted_quantile(pairs, 1 - tail), "mixture")


def leave_generation_out(groups, level):
    """Each generation left out in turn: its servers inside the mixture band of the others (a CPU of a generation the
    table has not seen). A Tally, and per generation its Tally."""
    total, per = Tally(), {}
    for gen, group in groups.items():
        t = held_by({k: mixture_band(groups, k, level, exclude=gen) for k in KEYS}, group)
        per[gen] = t
        total.add(t)
    return total, per


def mixture_level(groups, exclude=None):
    """The smallest level on MIXTURE_GRID at which every generation (but exclude), left out in turn, has at least
    COVERAGE of its servers inside the mixture band of the others at both ends (pooled over servers)."""
    pool = {g: v for g, v in groups.items() if g != exclude}
    for level in MIXTURE_GRID:
        t, _ = leave_generation_out(pool, level)
        if t.held["both"] >= COVERAGE * t.n:
            return level
    return MIXTURE_GRID[-1]


def nested_leave_generation_out(groups):
    """The fallback's honest test: each generation left out, the level chosen without it (mixture_level over the
    others), its servers against the others' mixture band at that level. A Tally, and per generation its Tally."""
    total, per = Tally(), {}
    for gen, group in groups.items():
        level = mixture_level(groups, exclude=gen)
        t = held_by({k: mixture_band(groups, k, level, exclude=gen) for k in KEYS}, group)
        per[gen] = t
        total.add(t)
    return total, per


def own_level(tally, key, pooled):
    """A generation's stated level: the pooled forward level, unless its own newer servers were held significantly
    less often (the upper end of their Clopper-Pearson interval lies below it): then its own share."""
    if tally.n == 0 or clopper_pearson(tally.held[key], tally.n)[1] >= pooled:
        return pooled
    return tally.held[key] / tally.n


def clopper_pearson(k, n, alpha=0.05):
    """The exact (Clopper-Pearson) 1 - alpha interval of a binomial proportion k / n, by bisection on the binomial
    tails (standard library only)."""
    def tail_at_least(p):  # P(X >= k)
        return sum(math.exp(log_pmf(j, n, p)) for j in range(k, n + 1))

    def tail_at_most(p):  # P(X <= k)
        return sum(math.exp(log_pmf(j, n, p)) for j in range(0, k + 1))

    def solve(f, increasing):
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if (f(mid) < alpha / 2) == increasing:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    low = 0.0 if k == 0 else solve(tail_at_least, True)
    high = 1.0 if k == n else solve(tail_at_most, False)
    return low, high


def log_pmf(j, n, p):
    if p <= 0:
        return 0.0 if j == 0 else -math.inf
    if p >= 1:
        return 0.0 if j == n else -math.inf
    return (math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) + j * math.log(p)
            + (n - j) * math.log(1 - p))


def share(k, n):
    """'k of n (P %, 95 % CI L-H %)', Clopper-Pearson."""
    if n == 0:
        return "no test (too few servers)"
    lo, hi = clopper_pearson(k, n)
    return "%d/%d = %.0f %% [%.0f, %.0f]" % (k, n, 100 * k / n, 100 * lo, 100 * hi)


def forms(loads):
    """The form error of the line at each load in loads (0..1): (load, the lowest and the highest fraction of the way
    from idle to 100 % power among the line and BOAVIZTA_PROFILES' curves, each curve normalised to its own idle and
    100 % points)."""
    out = []
    for u in loads:
        fractions = [u]
        for _, a, b, c, d in BOAVIZTA_PROFILES:
            p = lambda w: a * math.log(b * (w + c)) + d
            fractions.append((p(100 * u) - p(0)) / (p(100) - p(0)))
        out.append((u, min(fractions), max(fractions)))
    return out


def write_validation(path, v):
    groups, results, plain, pooled, pooled_plain = v["groups"], v["results"], v["plain"], v["pooled"], \
        v["pooled_plain"]
    bands, factor, cv_factor, fw = v["bands"], v["factor"], v["cv_factor"], v["fw"]
    kinds = (("forward", "forward in time (older servers make the band, newer ones test it)"),
             ("sku", "leave one CPU SKU out"), ("vendor", "leave one hardware vendor out"))
    out = ["# SPECpower power models: validations that can fail\n",
           "Written by `scripts/make-specpower-table.py` from the SPECpower_ssj2008 results in",
           "cloud-carbon-footprint/ccf-coefficients (commit %s, %s, %d results with power and threads). W per hardware"
           % (v["source_commit"], SPEC_FILE, len(v["rows"])),
           "thread = whole-server average watts / total threads. Every share below is of held-out servers inside a band",
           "made without them, with its n and a 95 % Clopper-Pearson interval.\n",
           "## Why not leave-one-out\n",
           "Leaving one server out of an order band [x_(k), x_(m+1-k)] of the other m = n - 1 holds it exactly when its",
           "rank among all n lies in (k, n - k], so the share held is (n - 2k)/n whatever the watts are: the figure that",
           "table v2 printed (80-94 %) was arithmetic, not evidence. The tests below can fail: their folds are not",
           "exchangeable with the servers that make the band.\n",
           "## How the bands are made\n",
           "- **order** (a generation with at least %d servers): the distribution-free band [x_(k), x_(m+1-k)],"
           % MIN_SERVERS_FOR_ORDER_BAND,
           "  k = floor(0.1 (m + 1)) >= 2, so that no one server sets an end (v2's Haswell band ran to a desktop's 32.75 W).",
           "- **pooled** (fewer servers): their median times the P10-P90 of the ratio new server / median of as many",
           "  servers, taken exactly over every other generation with more servers (each weighing the same).",
           "- **widened**: both ends by x%.2f (low / f, high x f), the smallest widening on a grid of 0.01 under which the"
           % factor,
           "  bands of the older servers held at least 80 % of the newer ones at both ends together, pooled over the",
           "  generations' forward tests. In the tables below each generation is tested with the widening learnt from the",
           "  *other* generations' forward tests (x%.2f to x%.2f), so its own newer servers do not choose it."
           % (min(cv_factor.values()), max(cv_factor.values())),
           "- **client parts** are in no generation: %s." % ("; ".join("%s (%s, %s)" % (r["cpu"], r["system"], gen)
                                                               for gen, r in v["clients"]) or "none"),
           "",
           "## All generations together\n",
           "| test | servers held out | at 100 % load | at idle | both ends | before widening: 100 % / idle / both |",
           "|---|---|---|---|---|---|"]
    for kind, words in kinds:
        t, t0 = pooled[kind], pooled_plain[kind]
        out.append("| %s | %d | %s | %s | %s | %s |" % (
            words, t.n, share(t.held["max"], t.n), share(t.held["idle"], t.n), share(t.held["both"], t.n),
            " / ".join("%.0f" % (100 * t0.held[k] / t0.n) for k in ("max", "idle", "both")) + " %" if t0.n
            else "no test"))
    out += ["",
            "**The level each band states** is what the forward test supports, at most the nominal 80 %%: %.0f %% at"
            " 100 %% load (the band of a CPU estimate, which prices busy threads at the 100 %% point) and %.0f %% at both"
            " ends together (the band of the whole VM's figure, which uses both); the table's `coverage` and `joint`."
            " A generation whose own newer servers were held significantly less often (the upper end of their"
            " Clopper-Pearson interval below that level) states its own share instead: %s."
            % (100 * v["level_max"], 100 * v["level_both"], ", ".join(
                "%s %s" % (g, " and ".join("%.0f %% %s" % (100 * own_level(results["forward"][g], k, lv), words)
                                          for k, lv, words in (("max", v["level_max"], "at 100 %"),
                                                               ("both", v["level_both"], "at both ends"))
                                          if own_level(results["forward"][g], k, lv) < lv))
                for g in groups if any(own_level(results["forward"][g], k, lv) < lv for k, lv in
                                       (("max", v["level_max"]), ("both", v["level_both"])))) or "none"),
            "Leaving out a SKU or a vendor is harder than the forward test: a SKU's per-thread power is set by its core"
            " count (an 8-core EPYC 8024P draws 6.5 W per thread, a 64-core 8534P 1.6 W), which no other SKU's servers"
            " show; those figures say how far to trust the band for a SKU the table has not seen.\n",
            "## Per generation\n",
            "Forward: the split is the month boundary whose older share is closest to 75 % (at least 3 older servers).",
            "Medians and bands are the shipped ones (all servers, widened).\n",
            "| generation | servers | W/thread at 100 %, median [band] | W/thread at idle, median [band] | band |"
            " forward: 100 % | forward: idle | forward: both | leave SKU out: both | leave vendor out: both | CCF min-max |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    ccf = ccf_published(v["a"].checkout)
    for g, grp in groups.items():
        full, idle = bands[(g, "max")], bands[(g, "idle")]
        fwd, sku, ven = results["forward"][g], results["sku"][g], results["vendor"][g]
        published = ccf.get(CCF_ARCH.get(g, ""))
        out.append("| %s | %d | %.2f [%.2f, %.2f] | %.2f [%.2f, %.2f] | %s | %s | %s | %s | %s | %s | %s |" % (
            g, len(grp), full[1], full[0], full[2], idle[1], idle[0], idle[2], full[3],
            share(fwd.held["max"], fwd.n), share(fwd.held["idle"], fwd.n), share(fwd.held["both"], fwd.n),
            share(sku.held["both"], sku.n), share(ven.held["both"], ven.n),
            "%.2f-%.2f" % published if published else "n/a"))
    short = [g for g in groups if results["forward"][g].n == 0]
    out += ["",
            "No forward test of its own (its servers were published in too few months, or too few before the last):"
            " %s. Their rows state the other generations' level and say that they have no test of their own."
            % (", ".join("%s (%d)" % (g, len(groups[g])) for g in short) or "none"), ""]
    unseen, per, level, fb = v["unseen"], v["unseen_per"], v["level"], v["fallback"]
    out += ["## A CPU not in the table\n",
            "Its band (row `all`, band `mixture`) is the central %.1f %% of the servers of every generation, each"
            " generation weighing the same, around the median of the generations' medians: %.2f [%.2f, %.2f] W per"
            " thread at 100 %% load, %.2f [%.2f, %.2f] W at idle (v2's widest band: 3.70 [1.09, 32.75] and 0.64"
            " [0.18, 20.80]). The level is the smallest on a grid of 0.5 %% at which each generation, left out in turn,"
            " had at least 80 %% of its servers inside the band of the others at both ends (pooled over servers). Tested"
            " nested, each generation against the others' band at the level chosen without it: %s at 100 %% load, %s"
            " at both ends; these are the figures its label states. Generations below 80 %% at both ends when left"
            " out: %s."
            % (100 * level, fb["max"][1], fb["max"][0], fb["max"][2], fb["idle"][1], fb["idle"][0], fb["idle"][2],
               share(unseen.held["max"], unseen.n), share(unseen.held["both"], unseen.n),
               ", ".join("%s %d/%d" % (g, t.held["both"], t.n) for g, t in per.items()
                         if t.held["both"] < COVERAGE * t.n) or "none"), ""]
    out += ["## The load curve's form error\n",
            "The model is the line between SPECpower's active idle and 100 % points (the results in ccf-coefficients"
            " hold no other load level). Against it, Boavizta's six fitted CPU consumption profiles (a ln(b (load + c))"
            " + d, each normalised to its own idle and 100 % points) are all concave: they draw more than the line at"
            " every partial load, none less. The fraction of the way from idle to 100 % power at each load:\n",
            "| load | line | lowest of the forms | highest of the forms |", "|---|---|---|---|"]
    for u, lo, hi in forms([0.1, 0.25, 0.5, 0.75, 0.9]):
        out.append("| %.0f %% | %.2f | %.2f | %.2f |" % (100 * u, u, lo, hi))
    out += ["",
            "So a figure on the line (the whole VM's, `estimate:vm`, and `carbonlab estimate --load`) can be low by up"
            " to (idle + (full - idle) x highest) / (idle + (full - idle) x load) at that load; with each generation's"
            " medians:\n",
            "| generation | idle / 100 % | 10 % load | 25 % load | 50 % load | 75 % load |", "|---|---|---|---|---|---|"]
    envelope = forms([0.1, 0.25, 0.5, 0.75])
    for g in groups:
        idle, full = bands[(g, "idle")][1], bands[(g, "max")][1]
        out.append("| %s | %.2f | %s |" % (g, idle / full, " | ".join(
            "%.2fx" % ((idle + (full - idle) * hi) / (idle + (full - idle) * u)) for u, _, hi in envelope)))
    out += ["",
            "carbonlab carries that factor into the high end of those figures' bands at the load they were taken at"
            " (the whole VM's at the load it had during the window). The process's CPU figure prices busy threads at"
            " the 100 % point, where every form agrees with the line, and has no form error.\n",
            "## Agreement with CCF\n",
            "CCF publishes the mean idle and mean 100 % per-vCPU figure of the same servers (output/coefficients-aws-use.csv,"
            " column CCF min-max above); the figures here are medians and bands recomputed from the results"
            " themselves.\n"]
    with open(path, "w") as f:
        f.write("\n".join(out))


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
    p.add_argument("--out-table", default="src/main/resources/org/carbonlab/hardware/specpower-v3.csv")
    p.add_argument("--out-forms", default="src/main/resources/org/carbonlab/hardware/load-curve-forms.csv")
    p.add_argument("--out-validation", default="results/specpower")
    a = p.parse_args()
    rows = servers(a.checkout)
    source_commit = a.commit or commit(a.checkout)
    groups, clients = {}, []
    for gen, list_file in GENERATIONS:
        group, client = members(a.checkout, list_file, rows)
        clients += [(gen, r) for r in client]
        if group:
            groups[gen] = group
    spread = SpreadOfOthers(groups)
    folds = {"forward": {g: [s] for g, v in groups.items() for s in [forward_split(v)] if s},
             "sku": {g: family_splits(v, "sku") for g, v in groups.items()},
             "vendor": {g: family_splits(v, "vendor") for g, v in groups.items()}}
    factor = learned_factor(folds["forward"], spread)
    # cross-validated: each generation tested with the widening learnt from the others' forward tests
    cv_factor = {g: learned_factor(folds["forward"], spread, exclude=g) for g in groups}
    results = {kind: {g: test(folds[kind].get(g, []), g, spread, cv_factor[g]) for g in groups} for kind in folds}
    plain = {kind: {g: test(folds[kind].get(g, []), g, spread, 1.0) for g in groups} for kind in folds}
    pooled = {kind: Tally() for kind in folds}
    pooled_plain = {kind: Tally() for kind in folds}
    for kind in folds:
        for g in groups:
            pooled[kind].add(results[kind][g])
            pooled_plain[kind].add(plain[kind][g])
    fw = pooled["forward"]
    level_max = min(COVERAGE, fw.held["max"] / fw.n)
    level_both = min(COVERAGE, fw.held["both"] / fw.n)
    bands = {(g, k): widened(band([r[k] for r in v], k, g, spread), factor) for g, v in groups.items() for k in KEYS}
    level = mixture_level(groups)
    unseen, unseen_per = nested_leave_generation_out(groups)
    fallback = {k: mixture_band(groups, k, level) for k in KEYS}
    years = lambda v: "%d-%d" % (min(r["published"] for r in v) // 12, max(r["published"] for r in v) // 12)
    everyone = [r for v in groups.values() for r in v]

    with open(a.out_table, "w") as f:
        f.write("# carbonlab SPECpower power models v3: per hardware thread, whole-server watts (CPU, memory, disks,\n"
                "# fans, power supply losses) / total threads, at active idle and at 100 %% load of SPECpower_ssj2008.\n"
                "# Per generation the median and a band: 'order' = order statistics [x_(k), x_(m+1-k)], k >= 2, of its\n"
                "# servers (at least %d, so that no one server sets an end), 'pooled' = fewer servers: their median\n"
                "# times the P10-P90 ratio of a new server to the median of as many servers in the other generations;\n"
                "# either widened by x%.2f at both ends (low / f, high x f), the smallest widening under which the\n"
                "# older servers' bands held 80 %% of the newer servers at both ends together (forward in time).\n"
                "# coverage: the level the forward test supports at 100 %% load (cross-validated over generations,\n"
                "# at most 0.80; a generation whose own newer servers were held significantly less often states its\n"
                "# own share); joint: at both ends together. forward_held/forward_servers: this generation's own\n"
                "# forward test at 100 %% load (0/0: too few servers or months for one). 'all' (band 'mixture') is for a\n"
                "# CPU that is not identified: the central %.1f %% of the servers of every generation, each generation\n"
                "# weighing the same, the smallest level at which a left-out generation's servers were held at 80 %%\n"
                "# at both ends; its coverage, joint and forward figures are that test's, nested (the level chosen\n"
                "# without the generation left out). Client parts (Core i5-4570)\n"
                "# are in no generation. Validation: results/specpower/validation.md.\n"
                "# Derived by scripts/make-specpower-table.py from %s of\n"
                "# github.com/cloud-carbon-footprint/ccf-coefficients (commit %s), %d results; a server belongs to a\n"
                "# generation when its CPU description ends with a model name of CCF's list for it.\n"
                % (MIN_SERVERS_FOR_ORDER_BAND, factor, 100 * level, SPEC_FILE, source_commit, len(rows)))
        f.write("generation,servers,idle_low,idle_median,idle_high,max_low,max_median,max_high,band,coverage,joint,"
                "published,forward_held,forward_servers\n")
        for g, v in list(groups.items()) + [("all", everyone)]:
            if g == "all":
                idle, full, cov, joint = fallback["idle"], fallback["max"], unseen.held["max"] / unseen.n, \
                    unseen.held["both"] / unseen.n
                held, n = unseen.held["max"], unseen.n
            else:
                idle, full = bands[(g, "idle")], bands[(g, "max")]
                cov, joint = own_level(results["forward"][g], "max", level_max), own_level(results["forward"][g],
                                                                                           "both", level_both)
                held, n = results["forward"][g].held["max"], results["forward"][g].n
            f.write("%s,%d,%s,%s,%s,%.3f,%.3f,%s,%d,%d\n" % (g, len(v), ",".join("%.4f" % x for x in idle[:3]),
                                                          ",".join("%.4f" % x for x in full[:3]), full[3],
                                                          min(COVERAGE, cov), min(COVERAGE, joint), years(v),
                                                          held, n))

    grid = forms([i / 20 for i in range(21)])
    with open(a.out_forms, "w") as f:
        f.write("# The form error of the line from SPECpower's active idle to its 100 %% point at partial load: at each\n"
                "# load (share of the hardware threads busy), the lowest and the highest fraction of the way from idle\n"
                "# to 100 %% power among the line itself and Boavizta's six fitted CPU consumption profiles\n"
                "# (power = a ln(b (load%% + c)) + d; boaviztapi data/consumption_profile/cpu/cpu_profile.csv, commit\n"
                "# 37c6063: %s), each normalised to its own idle and 100 %% points.\n"
                "# Derived by scripts/make-specpower-table.py.\n"
                % ", ".join(name for name, *_ in BOAVIZTA_PROFILES))
        f.write("load,low,high\n")
        for u, lo, hi in grid:
            f.write("%.2f,%.4f,%.4f\n" % (u, lo, hi))

    os.makedirs(a.out_validation, exist_ok=True)
    write_validation(os.path.join(a.out_validation, "validation.md"), locals())
    print("wrote %s (%d generations + all), %s and %s" % (a.out_table, len(groups), a.out_forms,
                                                          os.path.join(a.out_validation, "validation.md")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
