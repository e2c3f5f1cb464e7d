#!/usr/bin/env python3
"""The lab's own cost, measured from outside, for one or more builds side by side:

    [REPS=2] scripts/meter-cost.py OUT_DIR LAUNCHER [LAUNCHER...]

Each LAUNCHER is the `carbonlab` script of a built checkout (its own jar and start-up options: run an old commit's
checkout beside this one to see what a change did). For each build, REPS times, the builds interleaved:

1. steady state: `measure --source estimate -- java Sleeper` (a child JVM with its threads that sleeps), and the
   same with `--source rapl` over a fake powercap tree of five domains (counter reads of small files, as sysfs
   serves them); the CPU time of every thread of the metering JVM from /proc/PID/task/*/schedstat (nanoseconds)
   between 10 and 40 s and between 60 and 100 s after the start, as % of one core, the whole process and the
   sampler thread apart;
2. `measure -- true`: wall and CPU time (the fixed cost of one measurement);
3. a trial's start-up: a two-trial study (cnn, fp32, 256 examples), each trial's time from the start of its
   child JVM to its first training step (the `train-1` mark in its trace).

Also, once, the CPU time of a Java thread that wakes every 100 ms and does nothing (the floor under any sampler at
that interval on this machine). Writes OUT_DIR/meter-cost.md with the machine it ran on.
"""
import json
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
SLEEPER = HERE / "meter-cost" / "Sleeper.java"
FLOOR = HERE / "meter-cost" / "WakeupFloor.java"
WINDOWS = ((10, 40), (60, 100))
SPEC = """name: startup
workload:
  model: cnn
  epochs: 1
  data: bundled
  train-examples: 256
variants:
  precision: [fp32]
baseline: precision=fp32
repetitions: 2
cooldown: 0s
idle-baseline: 0s
power:
  sources: [estimate]
carbon:
  region: SE3
"""


def machine():
    info = pathlib.Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", info, re.M).group(1).strip()
    flags = set(re.search(r"^flags\s*:\s*(.*)$", info, re.M).group(1).split())
    simd = [f for f in ("avx", "avx2", "fma", "f16c", "avx512f", "avx512_bf16", "amx_bf16") if f in flags]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{model}, {os.cpu_count()} logical CPUs, flags {' '.join(simd)}; {java}; Linux {os.uname().release}"


def threads(pid):
    """{tid: (name, CPU ns)} of every thread of pid now."""
    out = {}
    for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            ns = int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        out[task.name] = (name, ns)
    return out


def share(a, b, seconds, sampler_only):
    """% of one core the threads alive at both snapshots used between them (all of them, or the sampler's)."""
    ns = sum(b[t][1] - a[t][1] for t in a.keys() & b.keys()
             if not sampler_only or a[t][0].startswith("carbonlab-sampl"))
    return 100 * ns / (seconds * 1e9)


def steady(launcher, source, work):
    """Per window: (whole process %, sampler thread %) of `measure` over a sleeping child JVM."""
    last = WINDOWS[-1][1]
    out = tempfile.mkdtemp(dir=work)
    os.rmdir(out)
    p = subprocess.Popen([launcher, "measure", *source, "--out", out, "--", "java", str(SLEEPER), str(last + 5)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()  # the launcher execs java: p.pid is the metering JVM
    snaps = {}
    for s in sorted({x for w in WINDOWS for x in w}):
        time.sleep(max(0.0, start + s - time.monotonic()))
        snaps[s] = threads(p.pid)
    p.wait()
    return [(share(snaps[a], snaps[b], b - a, False), share(snaps[a], snaps[b], b - a, True)) for a, b in WINDOWS]


def measure_true(launcher, work):
    """(wall s, CPU s) of `measure -- true`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run([launcher, "measure", "--source", "estimate", "--out", tempfile.mkdtemp(dir=work) + "/m",
                    "--", "true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def trial_startup(launcher, work):
    """Each trial's seconds from its child JVM's start to train-1, read from the traces' marks."""
    spec = pathlib.Path(work) / "startup.yaml"
    spec.write_text(SPEC)
    results = tempfile.mkdtemp(dir=work)
    subprocess.run([launcher, "run", str(spec), "--results", results], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    seconds = []
    for trace in sorted(pathlib.Path(results).glob("startup/*/power/t*.csv")):
        marks = {}
        for line in trace.read_text().splitlines():
            f = line.split(",")
            if len(f) == 6 and f[1] == "#mark":
                marks[f[5].split(":")[0] if f[5].startswith("begin:") else f[5]] = int(f[0])
        seconds.append((marks["mark:train-1"] - marks["begin"]) / 1e9)
    return seconds


def fake_powercap(work):
    root = pathlib.Path(work) / "powercap"
    for d, name in (("intel-rapl:0", "package-0"), ("intel-rapl:0:0", "core"), ("intel-rapl:0:1", "uncore"),
                    ("intel-rapl:0:2", "dram"), ("intel-rapl:1", "psys")):
        (root / d).mkdir(parents=True)
        (root / d / "name").write_text(name + "\n")
        (root / d / "energy_uj").write_text("123456789\n")
        (root / d / "max_energy_range_uj").write_text("262143328850\n")
    return root


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    launchers = [str(pathlib.Path(x).resolve()) for x in sys.argv[2:]]
    reps = int(os.environ.get("REPS", "2"))
    out.mkdir(parents=True, exist_ok=True)
    work = tempfile.mkdtemp(prefix="meter-cost-")
    powercap = fake_powercap(work)
    sources = {"estimate": ["--source", "estimate"],
               "rapl (fake powercap tree)": ["--source", "rapl", "--powercap-root", str(powercap)]}
    for launcher in launchers:  # builds, class-data archives: made before anything is timed
        subprocess.run([launcher, "--version"], stdout=subprocess.DEVNULL, check=True)
    floor = float(subprocess.run(["java", str(FLOOR), "20"], capture_output=True, text=True, check=True).stdout)
    got = {(l, k): [] for l in launchers for k in ["true", "trial", *sources]}
    for r in range(reps):
        for launcher in launchers:
            for name, args in sources.items():
                got[launcher, name].append(steady(launcher, args, work))
            got[launcher, "true"] += [measure_true(launcher, work) for _ in range(3)]
            got[launcher, "trial"] += trial_startup(launcher, work)
            print(f"rep {r + 1}, {launcher}: {[got[k][-1] for k in got if k[0] == launcher]}",
                  file=sys.stderr)
    mean = statistics.mean
    lines = ["# The meter's own cost", "", f"- machine: {machine()}",
             f"- {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}; interval 100 ms; {reps} runs of each figure"
             " per build (steady state, trial start-up) or 3 x that (`measure -- true`), builds interleaved",
             f"- waking a Java thread every 100 ms and doing nothing costs {floor:.0f} µs of CPU per wake-up here:"
             f" {floor / 1000:.3f} % of one core, the floor under any sampler at this interval", "",
             "| build | source | whole process, 10-40 s | sampler thread, 10-40 s | whole process, 60-100 s |"
             " sampler thread, 60-100 s |", "|---|---|---|---|---|---|"]
    for launcher in launchers:
        for name in sources:
            runs = got[launcher, name]
            cells = [f"{mean(run[w][k] for run in runs):.3f} %" for w in range(len(WINDOWS)) for k in (0, 1)]
            lines.append(f"| {launcher} | {name} | " + " | ".join(cells) + " |")
    lines += ["", "| build | `measure -- true`: wall s | CPU s | trial start-up to `train-1`: s (each trial) |",
              "|---|---|---|---|"]
    for launcher in launchers:
        t = got[launcher, "true"]
        trial = got[launcher, "trial"]
        lines.append(f"| {launcher} | {mean(x[0] for x in t):.2f} | {mean(x[1] for x in t):.2f} | "
                     f"{mean(trial):.2f} ({', '.join(f'{x:.2f}' for x in trial)}) |")
    (out / "meter-cost.md").write_text("\n".join(lines) + "\n")
    (out / "meter-cost.json").write_text(json.dumps(
        {"machine": machine(), "floor_us_per_wakeup": floor, "windows_s": WINDOWS,
         "runs": {f"{l} | {k}": v for (l, k), v in got.items()}}, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
