#!/bin/sh
# A stand-in training command that speaks the trial protocol (experiments/PROTOCOL.md) without any framework:
# it busies the CPU for a moment per epoch and reports a made-up outcome. Used to check the GPU kit (scripts/gpu-kit
# --check) and as the smallest example of a command workload. Usage: fake-train.sh EPOCHS SEED
epochs=${1:-1}; seed=${2:-1}
e=1
while [ "$e" -le "$epochs" ]; do
  echo "@carbonlab:mark train-$e"
  i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done
  echo "@carbonlab:mark validate-$e"
  e=$((e+1))
done
echo "@carbonlab:mark after-training"
echo "@carbonlab:mark inference-10000"
echo "@carbonlab:mark after-inference"
epochs_json=$(e=1; sep=""; while [ "$e" -le "$epochs" ]; do
  printf '%s{"epoch":%d,"trainLoss":0.5,"validationAccuracy":0.8,"seconds":0.3}' "$sep" "$e"; sep=","; e=$((e+1)); done)
echo '@carbonlab:result {"model":"fake","parameters":1,"precision":"fp32","epochs":['"$epochs_json"'],"testAccuracy":0.8'"$seed"',"stoppedEarly":false,"targetEpoch":null,"trainExamples":100,"steps":1,"skippedSteps":null,"finalLossScale":null,"weightTypes":["float32"],"inferenceSeconds":0.1,"distilled":false,"threads":1,"djl":null,"engine":"fake","data":"none","metrics":{"step_ms":1.0},"details":{"device":"cpu"}}'
