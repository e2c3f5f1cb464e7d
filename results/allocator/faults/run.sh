#!/bin/bash
# Page faults and system time per segment (results/allocator/README.md): ./carbonlab train under system and
# glibc-retain, interleaved, each polled by scripts/segment-faults; run from anywhere, writes beside this script
cd "$(dirname "$0")/../../.."
for rep in 1 2; do
for model in "cnn fp32" "cnn amp-fp16" "vit-tiny fp32"; do
set -- $model
for alloc in system glibc-retain; do
  out=results/allocator/faults/$1-$2-$alloc-$rep
  rm -rf $out
  CARBONLAB_ALLOCATOR=$alloc scripts/segment-faults run $out.polls.csv -- ./carbonlab train --model $1 --precision $2 --epochs 1 --out $out > $out.log 2>&1
  scripts/segment-faults split $out.polls.csv $out/power.csv > $out.segments.csv
  echo "$1 $2 $alloc $rep rc=$?"
done; done; done
echo done
