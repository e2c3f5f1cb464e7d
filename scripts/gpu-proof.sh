#!/usr/bin/env bash
# The lab on a real GPU in one short run (< 8 minutes on an H200), from the GPU kit (scripts/gpu-kit):
#   1. what the machine is: nvidia-smi -q, torch, `carbonlab sensors` (the GPU found by NVML)
#   2. the three-way energy check of one window, idle (20 s) and loaded (a bf16 matrix-product loop, 25 s):
#      NVML's energy counter, the integral of the power carbonlab sampled every 50 ms, and the integral of
#      `nvidia-smi --query-gpu=timestamp,power.draw -lms 100` (`carbonlab report --energy-check`); a 0.1 s window
#      shows what a window shorter than the counter's update period reads
#   3. the study experiments/gpu-h200.yaml, once per model (cnn, vit-tiny): fp32 against amp-bf16, 3 interleaved
#      repetitions, after timing one fp32 epoch per model to size `epochs` to about TRAIN_S seconds of training
# Everything goes under OUT_DIR (and, packed, OUT_DIR/gpu-proof.tar.gz). Usage:
#   scripts/gpu-proof.sh KIT_DIR OUT_DIR        (KIT_DIR: an unpacked carbonlab-kit; python3 must have torch)
# On a machine without a GPU it stops after step 1 with the reason (exit 2). PROOF_DEVICE=cpu runs steps 1 and 3 on
# the CPU instead (the estimate source, no nvidia-smi), to try the script itself where no GPU is; TRAIN_S (seconds
# of fp32 training per trial, default 15), PASSES (per epoch, default 20) and MODELS (default "cnn vit-tiny") size it.
set -uo pipefail
kit=$(cd "${1:?usage: gpu-proof.sh KIT_DIR OUT_DIR}" && pwd)
out=$(mkdir -p "${2:?usage: gpu-proof.sh KIT_DIR OUT_DIR}" && cd "$2" && pwd)
train_s=${TRAIN_S:-15}
models=${MODELS:-cnn vit-tiny}
dev=${PROOF_DEVICE:-gpu}
passes=${PASSES:-20}
cl="$kit/bin/carbonlab"
start=$SECONDS
log() { echo "[gpu-proof +$((SECONDS - start))s] $*" | tee -a "$out/proof.log" >&2; }
cd "$kit"

# NVML through JNA: make sure the driver's library is found wherever the image mounts it
nvml=$(ldconfig -p 2>/dev/null | awk '/libnvidia-ml.so.1 /{print $NF; exit}')
[[ -z "$nvml" ]] && nvml=$(find /usr/local/nvidia /usr/lib /usr/lib64 -name 'libnvidia-ml.so.1' 2>/dev/null | head -1)
if [[ -n "$nvml" ]]; then
  export LD_LIBRARY_PATH="$(dirname "$nvml")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export CARBONLAB_JAVA_OPTS="${CARBONLAB_JAVA_OPTS:-} -Djna.library.path=$(dirname "$nvml")"
fi

log "1. machine"
{ uname -a; nproc; free -g | head -2; grep -m1 'model name' /proc/cpuinfo; } > "$out/machine.txt" 2>&1
nvidia-smi -q > "$out/nvidia-smi-q.txt" 2>&1 || log "nvidia-smi -q failed"
python3 - > "$out/torch.txt" 2>&1 <<'EOF'
import torch
print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())
if torch.cuda.is_available():
    print(torch.cuda.get_device_name(0), "capability", torch.cuda.get_device_capability(0),
          "bf16", torch.cuda.is_bf16_supported(), "cudnn", torch.backends.cudnn.version())
EOF
"$cl" sensors > "$out/sensors.txt" 2>&1
cat "$out/torch.txt" "$out/sensors.txt" >&2
if [[ "$dev" == gpu ]] && ! python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
  log "no CUDA device for python3's torch: stopping after step 1"
  tar -C "$out" -czf "$out/gpu-proof.tar.gz" --exclude=gpu-proof.tar.gz . ; exit 2
fi

# nvidia-smi fields: the instantaneous and averaged readings where this driver names them
fields="timestamp,power.draw,power.draw.instant,power.draw.average"
nvidia-smi --query-gpu="$fields" --format=csv,noheader >/dev/null 2>&1 || fields="timestamp,power.draw"
log "nvidia-smi logs $fields"

# window NAME SECONDS CMD...: carbonlab measure at 50 ms beside nvidia-smi at 100 ms, then the energy check
window() {
  local name=$1; shift
  nvidia-smi --query-gpu="$fields" --format=csv -lms 100 > "$out/$name-smi.csv" 2>&1 &
  local smi=$!
  sleep 1
  "$cl" measure --interval 50ms --source nvml,estimate --out "$out/$name" -- "$@" > "$out/$name.txt" 2>&1
  local rc=$?
  sleep 1
  kill "$smi" 2>/dev/null; wait "$smi" 2>/dev/null
  "$cl" report --energy-check "$out/$name/power.csv" --smi "$out/$name-smi.csv" --out "$out/$name" \
      > "$out/$name/check.txt" 2>&1 || log "energy check of $name failed: $(tail -1 "$out/$name/check.txt")"
  log "$name (exit $rc): $(tr '\n' ' ' < "$out/$name/check.txt" | cut -c1-600)"
}

if [[ "$dev" == gpu ]]; then
log "2. three-way energy check"
window idle sleep 20
window loaded python3 -c '
import time, torch
a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16); b = torch.randn_like(a)
end = time.time() + 25; n = 0
while time.time() < end:
    for _ in range(20):
        c = a @ b
    torch.cuda.synchronize(); n += 20
print("products", n, "TFLOP/s", n * 2 * 8192 ** 3 / 25 / 1e12)'
window short sleep 0.1
else
  log "2. skipped: no GPU on PROOF_DEVICE=$dev"
fi

log "3. study: timing one fp32 epoch per model"
mkdir -p "$out/specs"
for model in $models; do
  secs=$(python3 experiments/pytorch/fmnist.py --model "$model" --precision fp32 --epochs 2 --batch-size 512 \
      --passes "$passes" --device "$dev" --seed 99 --tf32 off | python3 -c '
import json, sys
for line in sys.stdin:
    if line.startswith("@carbonlab:result "):
        print(json.loads(line.split(" ", 1)[1])["epochs"][-1]["seconds"])')
  epochs=$(python3 -c "import math; print(max(2, min(400, math.ceil($train_s / ${secs:-1}))))")
  log "$model: one fp32 epoch of $passes passes takes ${secs:-?} s: $epochs epochs for about ${train_s} s"
  sed -e "s/^name: gpu-h200$/name: gpu-h200-$model/" -e "s/^  model: cnn$/  model: $model/" \
      -e "s/^  epochs: .*/  epochs: $epochs\n  passes: \"$passes\"/" -e "s/^  device: .*/  device: $dev/" experiments/gpu-h200.yaml > "$out/specs/gpu-h200-$model.yaml"
  [[ "$dev" == gpu ]] || sed -i 's/^  sources: .*/  sources: [estimate]/' "$out/specs/gpu-h200-$model.yaml"
  "$cl" run "$out/specs/gpu-h200-$model.yaml" --results "$out/results" 2>&1 | tee -a "$out/study.log" >&2
  log "$model study done"
done

log "done in $((SECONDS - start)) s"
tar -C "$out" -czf /tmp/gpu-proof.tar.gz . && mv /tmp/gpu-proof.tar.gz "$out/"
