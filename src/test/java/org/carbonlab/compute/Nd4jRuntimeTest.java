package org.carbonlab.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which native build a CPU gets, read from a fake /proc/cpuinfo, and the class path of an nd4j child JVM. */
@org.junit.jupiter.api.Tag("native")
class Nd4jRuntimeTest {

    @TempDir
    Path tmp;

    @Test
    void avx512CpusGetTheAvx512BuildAvx2OnesTheAvx2BuildOthersNone() throws Exception {
        Path zen3 = tmp.resolve("zen3");
        Files.writeString(zen3, "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse4_2 avx fma avx2 bmi2\n\n"
                + "processor\t: 1\nflags\t\t: fpu\n");
        Path zen4 = tmp.resolve("zen4");
        Files.writeString(zen4, "flags\t: avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16\n");
        assertEquals(Optional.of("-onednn-avx2"), Nd4jRuntime.extensionFor(org.carbonlab.hardware.CpuCatalog.flags(zen3)));
        assertEquals(Optional.of("-onednn-avx512"), Nd4jRuntime.extensionFor(org.carbonlab.hardware.CpuCatalog.flags(zen4)));
        // AVX-512 foundation alone is not enough for the build (it uses BW, VL and DQ too)
        assertEquals(Optional.of("-onednn-avx2"), Nd4jRuntime.extensionFor(Set.of("avx2", "fma", "avx512f")));
        assertEquals(Optional.empty(), Nd4jRuntime.extensionFor(Set.of("sse4_2", "avx")));
        assertEquals(Set.of(), org.carbonlab.hardware.CpuCatalog.flags(tmp.resolve("missing")));
        assertEquals("avx2 avx512_bf16 avx512bw avx512dq avx512f avx512vl fma",
                org.carbonlab.hardware.CpuCatalog.simd(org.carbonlab.hardware.CpuCatalog.flags(zen4)));
        assertEquals("none", org.carbonlab.hardware.CpuCatalog.simd(Set.of("fpu", "sse2")));
    }

    @Test
    void thisCpuGetsABuildThatLoads() {
        String ext = Nd4jRuntime.configure();
        assertTrue(ext.startsWith("-onednn-avx"), ext);
        assertEquals(ext, System.getProperty(Nd4jRuntime.EXTENSION_PROPERTY));
    }

    @Test
    void aChildJvmGetsTheClassPathItRunsWith() {
        // under the tests ND4J is on the class path already: nothing is added
        assertTrue(Nd4jRuntime.onClassPath());
        assertEquals("a.jar:b.jar", Nd4jRuntime.classPath("a.jar:b.jar"));
    }
}
