#!/usr/bin/env bash
# The lab's own cost, measured from outside and from inside, for one or more builds side by side:
#   [REPS=3] scripts/meter-cost.sh OUT_DIR JAR [JAR...]
# For each jar: `measure --source estimate -- sleep 10` and `-- sleep 40` (the steady-state cost of the sampler at
# 100 ms is the difference over 30 s: whole-process CPU from /usr/bin/time, and, where the build reports it, the
# sampler thread's own CPU from summary.json), and `measure -- true` (fixed start-up cost, wall and CPU).
# Each figure is the mean of REPS runs (default 3), the runs of the builds interleaved. Writes OUT_DIR/meter-cost.md
# with the machine it ran on.
set -euo pipefail
declare -A reported
out=$1; shift
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
md="$out/meter-cost.md"
{
  echo "# The meter's own cost"
  echo
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) logical CPUs, flags:" \
    "$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|avx512f|avx512_bf16|amx_bf16|fma|f16c)$' | xargs)"
  echo "- $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%MZ); source: estimate, interval 100 ms"
  echo
  echo "| build | CPU-s, sleep 10 | CPU-s, sleep 40 | steady state, % of one core | sampler thread, % of one core | measure -- true: wall s, CPU-s |"
  echo "|---|---|---|---|---|---|"
} > "$md"
cpu() { # JAR SECONDS -> "process_cpu sampler_cpu"
  local o="$work/m-$RANDOM"
  /usr/bin/time -f "%U %S" -o "$work/t" java -Dai.djl.offline=true -jar "$1" measure --source estimate --out "$o" \
    -- sleep "$2" > /dev/null 2>&1
  local p s
  p=$(awk '{print $1 + $2}' "$work/t")
  s=$(python3 -c "import json,sys; print(json.load(open('$o/summary.json')).get('meter', {}).get('cpu_seconds', 'n/a'))")
  echo "$p $s"
}
reps=${REPS:-3}
declare -A sum
for ((r = 1; r <= reps; r++)); do
  for jar in "$@"; do
    read -r p10 s10 < <(cpu "$jar" 10)
    read -r p40 s40 < <(cpu "$jar" 40)
    /usr/bin/time -f "%e %U %S" -o "$work/t" java -Dai.djl.offline=true -jar "$jar" measure --source estimate \
      --out "$work/true-$RANDOM" -- true > /dev/null 2>&1
    read -r tw tu ts < "$work/t"
    echo "$jar run $r: process $p10 / $p40 CPU-s, sampler thread $s10 / $s40, true: ${tw} s wall" >&2
    sum[$jar]=$(python3 -c "
prev = '${sum[$jar]:-0 0 0 0 0 0}'.split()
now = [$p10, $p40, 0 if '$s10' == 'n/a' else $s10, 0 if '$s40' == 'n/a' else $s40, $tw, $tu + $ts]
print(' '.join(str(float(a) + b) for a, b in zip(prev, now)))")
    reported[$jar]=$s10
  done
done
for jar in "$@"; do
  python3 - "$jar" "${sum[$jar]}" "$reps" "${reported[$jar]}" >> "$md" <<'PY'
import sys
jar, sums, reps, reported = sys.argv[1], [float(x) for x in sys.argv[2].split()], int(sys.argv[3]), sys.argv[4]
p10, p40, s10, s40, tw, tc = (x / reps for x in sums)
thread = f"{(s40 - s10) / 30 * 100:.2f}" if reported != "n/a" else "not reported"
print(f"| {jar.split('/')[-1]} | {p10:.2f} | {p40:.2f} | {(p40 - p10) / 30 * 100:.2f} | {thread} | {tw:.2f} s, {tc:.2f} |")
PY
done
cat "$md"
