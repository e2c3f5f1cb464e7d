#!/usr/bin/env bash
# Regenerates src/main/resources/org/carbonlab/power/source/cpu-tdp.csv from Green Algorithms' TDP_cpu.csv
# (green-algorithms-tool data/latest, CC BY 4.0), as copied into ../shared/reference-data/green-algorithms/.
# Usage: scripts/make-cpu-catalog.sh [path/to/TDP_cpu.csv]
set -euo pipefail
src=${1:-../shared/reference-data/green-algorithms/TDP_cpu.csv}
out=src/main/resources/org/carbonlab/hardware/cpu-tdp.csv
{
  echo "# carbonlab CPU catalog v1: TDP and core count per CPU model."
  echo "# From Green Algorithms (green-algorithms-tool, data/latest/TDP_cpu.csv, commit 30df2feead1c7f5db87a3d86ca1239470a0cd415),"
  echo "# Lannelongue, Grealey & Inouye 2021, licensed CC BY 4.0; figures unchanged, rows without TDP or cores dropped."
  echo "# The row 'Any' is Green Algorithms' default TDP per core for an unknown CPU."
  echo "model,tdp_w,cores,tdp_per_core_w,source"
  # skip the units row and the header; strip CR and trailing blanks in names
  tail -n +3 "$src" | tr -d '\r' | awk -F, '
    { gsub(/[ \t]+$/, "", $1); gsub(/[ \t]+$/, "", $8) }
    $1 == "Any" { printf "Any,,,%s,Green Algorithms default for an unknown CPU\n", $4; next }
    $2 != "" && $3 != "" { printf "%s,%s,%s,%s,%s\n", $1, $2, $3, $4, $8 }'
} > "$out"
echo "wrote $(grep -vc '^#' "$out") lines to $out"
