#!/bin/sh
# written by carbonlab run --slurm
exec '/usr/lib/jvm/java-17-openjdk-amd64/bin/java' -Dai.djl.offline=true -cp '/work/main/target/carbonlab.jar' org.carbonlab.cli.Main trial '/work/main/results/quickstart/20261201T033253Z' "$SLURM_ARRAY_TASK_ID"
