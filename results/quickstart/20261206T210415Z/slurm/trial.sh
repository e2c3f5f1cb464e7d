#!/bin/sh
# written by carbonlab run --slurm
exec '/usr/lib/jvm/java-17-openjdk-amd64/bin/java' '-XX:-UsePerfData' '-Dai.djl.offline=true' '-XX:SharedArchiveFile=/tmp/fresh/target/carbonlab.jsa' '-Dcarbonlab.cds-archive=/tmp/fresh/target/carbonlab.jsa' '-XX:TieredStopAtLevel=1' '-XX:+UseSerialGC' -cp '/tmp/fresh/target/carbonlab.jar' org.carbonlab.cli.Main trial '/tmp/fresh/results/quickstart/20261206T210415Z' "$SLURM_ARRAY_TASK_ID"
