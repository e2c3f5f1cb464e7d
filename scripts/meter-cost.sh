#!/usr/bin/env bash
# The lab's own cost, measured from outside and from inside, for one or more builds side by side:
#   scripts/meter-cost.sh OUT_DIR JAR [JAR...]
# For each jar: `measure --source estimate -- sleep 10` and `-- sleep 40` (the steady-state cost of the sampler at
# 100 ms is the difference over 30 s: whole-process CPU from /usr/bin/time, and, where the build reports it, the
# sampler thread's own CPU from summary.json), and `measure -- true` (fixed start-up cost, wall and CPU).
# Writes OUT_DIR/meter-cost.md with the machine it ran on.
set -euo pipefail
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
for jar in "$@"; do
  read -r p10 s10 < <(cpu "$jar" 10)
  read -r p40 s40 < <(cpu "$jar" 40)
  /usr/bin/time -f "%e %U %S" -o "$work/t" java -Dai.djl.offline=true -jar "$jar" measure --source estimate \
    --out "$work/true-$RANDOM" -- true > /dev/null 2>&1
  read -r tw tu ts < "$work/t"
  steady=$(python3 -c "print(f'{($p40 - $p10) / 30 * 100:.2f}')")
  thread=$(python3 -c "print(f'{($s40 - $s10) / 30 * 100:.2f}' if '$s10' != 'n/a' else 'not reported')")
  startup=$(python3 -c "print(f'{$tw:.2f} s, {$tu + $ts:.2f}')")
  echo "| $jar | $p10 | $p40 | $steady | $thread | $startup |" >> "$md"
done
cat "$md"
