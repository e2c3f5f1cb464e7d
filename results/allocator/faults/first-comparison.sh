#!/bin/bash
# ./carbonlab train --model cnn --epochs 1 under each allocator setting, 4 times interleaved (a fixed jar copy)
cd "$(dirname "$0")/../../.." && mkdir -p /tmp/alloc
for rep in 1 2 3 4; do
for cfg in system glibc-retain tcmalloc jemalloc jemalloc-retain; do
  envs=()
  case $cfg in
    glibc-retain) envs=(MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456);;
    jemalloc) envs=(LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2);;
    jemalloc-retain) envs=(LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1);;
    tcmalloc) envs=(LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4);;
  esac
  out=/tmp/alloc/r-$cfg-$rep
  rm -rf $out
  env "${envs[@]}" /usr/bin/time -f "%e %S %U %R %F" -o $out.time java -Dai.djl.offline=true -jar target/carbonlab.jar train --model cnn --epochs 1 --out $out > $out.log 2>&1 || true
  python3 -c "
import json; d=json.load(open('$out/training.json'))
print('$cfg $rep', open('$out.time').read().split()[-5:], 'epoch_s', round(d['epochs'][0]['seconds'],2), 'inf_s', round(d['inference']['seconds'],2), 'inf_J', round(d['inference']['energy_j'],2))"
done; done
