package org.carbonlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlurmSubmitterTest {

    @Test
    void aNodeJvmStartsWithTheLaunchersOptionsAndNothingElse() {
        String script = SlurmSubmitter.jobScript(Path.of("/opt/jdk/bin/java"), List.of("-XX:TieredStopAtLevel=1",
                "-XX:SharedArchiveFile=/home/me/lab x/target/carbonlab.jsa",
                "-Dcarbonlab.cds-archive=/home/me/lab x/target/carbonlab.jsa", "-Dai.djl.offline=true",
                "-agentlib:jdwp=transport=dt_socket,server=y", "-Xmx4g"), "/home/me/lab x/target/carbonlab.jar",
                "trial", Path.of("/runs/q/1"), "\"$SLURM_ARRAY_TASK_ID\"");
        assertEquals("#!/bin/sh\n# written by carbonlab run --slurm\nexec '/opt/jdk/bin/java'"
                + " '-XX:TieredStopAtLevel=1' '-XX:SharedArchiveFile=/home/me/lab x/target/carbonlab.jsa'"
                + " '-Dcarbonlab.cds-archive=/home/me/lab x/target/carbonlab.jsa' '-Dai.djl.offline=true'"
                + " -cp '/home/me/lab x/target/carbonlab.jar' org.carbonlab.cli.Main trial '/runs/q/1'"
                + " \"$SLURM_ARRAY_TASK_ID\"\n", script);
        // started without options (a test's JVM): DJL offline all the same
        String bare = SlurmSubmitter.jobScript(Path.of("/j/bin/java"), List.of(), "/c.jar", "report",
                Path.of("/r"), "--after-slurm");
        assertEquals("#!/bin/sh\n# written by carbonlab run --slurm\nexec '/j/bin/java' '-Dai.djl.offline=true'"
                + " -cp '/c.jar' org.carbonlab.cli.Main report '/r' --after-slurm\n", bare);
    }
}
