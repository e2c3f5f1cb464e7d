package org.carbonlab.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The CPU generation of real {@code /proc/cpuinfo} samples (AMD, Intel, Arm; bare metal and VMs). */
class CpuIdentityTest {

    /** One fixture: what it should be, where it came from, its text. */
    record Sample(String expected, String source, String text) {
    }

    static List<Sample> samples() throws IOException {
        String all;
        try (var in = CpuIdentityTest.class.getResourceAsStream("cpuinfo-samples.txt")) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Sample> out = new ArrayList<>();
        for (String block : all.split("\n## ")) {
            if (block.startsWith("#")) {
                continue;
            }
            String head = block.substring(0, block.indexOf('\n'));
            String[] h = head.split(" \\| ", 2);
            out.add(new Sample(h[0].strip(), h[1].strip(), block.substring(block.indexOf('\n') + 1)));
        }
        return out;
    }

    @Test
    void everyRealSampleIsIdentifiedAsItsGeneration() throws IOException {
        List<Sample> samples = samples();
        assertTrue(samples.size() >= 15, "at least 15 real samples: " + samples.size());
        assertTrue(samples.stream().anyMatch(s -> s.text().contains("AuthenticAMD"))
                && samples.stream().anyMatch(s -> s.text().contains("GenuineIntel"))
                && samples.stream().anyMatch(s -> s.text().contains("CPU implementer")), "AMD, Intel and Arm");
        for (Sample s : samples) {
            CpuIdentity id = CpuIdentity.parse(s.text(), Map.of(), "");
            String got = id.microarchitecture().map(CpuIdentity.Microarchitecture::name).orElse("not identified");
            assertEquals(s.expected(), got, s.source());
        }
    }

    @Test
    void thisKindOfVmIsZen5UnderKvmWithTheSpecpowerGenerationThatStandsForIt() throws IOException {
        Sample vm = samples().get(0);
        CpuIdentity id = CpuIdentity.parse(vm.text(), Map.of(), "kvm-clock");
        assertEquals("AuthenticAMD", id.vendor());
        assertEquals(26, Integer.parseInt(id.family()));
        assertEquals(2, id.model());
        assertEquals("epyc-gen5", id.microarchitecture().orElseThrow().specpower());
        assertEquals(Optional.of("KVM (kvm-clock)"), id.hypervisor());
        assertEquals("AMD Zen 5 (EPYC 9005 generation (Turin)), KVM (kvm-clock), 1 vCPUs", id.describe());
        assertTrue(id.flags().contains("avx512_bf16"));
    }

    @Test
    void theHypervisorComesFromDmiThenTheClockThenTheFlag() {
        String intel = "processor\t: 0\nprocessor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 106\n"
                + "stepping\t: 6\nsiblings\t: 2\ncpu cores\t: 1\nflags\t\t: fpu hypervisor avx2\n";
        CpuIdentity ec2 = CpuIdentity.parse(intel, Map.of("sys_vendor", "Amazon EC2", "product_name", "m6i.large"),
                "kvm-clock");
        assertEquals(Optional.of("Amazon EC2 (m6i.large)"), ec2.hypervisor());
        assertEquals(2, ec2.vcpus());
        assertEquals(2, ec2.threadsPerCore());
        assertEquals("Intel Ice Lake-SP (Xeon Scalable 3rd generation), Amazon EC2 (m6i.large), 2 vCPUs"
                + " (2 threads per core)", ec2.describe());
        assertEquals(Optional.of("Google Compute Engine"), CpuIdentity.parse(intel, Map.of("sys_vendor", "Google",
                "product_name", "Google Compute Engine"), "").hypervisor());
        assertEquals(Optional.of("Microsoft Hyper-V (Azure or local)"), CpuIdentity.parse(intel, Map.of("sys_vendor",
                "Microsoft Corporation", "product_name", "Virtual Machine"), "").hypervisor());
        assertTrue(CpuIdentity.parse(intel, Map.of(), "tsc").hypervisor().orElseThrow().contains("hypervisor flag"));
        assertEquals(Optional.empty(), CpuIdentity.parse(intel.replace("hypervisor ", ""), Map.of(), "tsc")
                .hypervisor(), "bare metal: none seen");
    }

    @Test
    void aCpuNotInTheTableSaysWhatItIs() {
        CpuIdentity id = CpuIdentity.parse("vendor_id\t: HygonGenuine\ncpu family\t: 24\nmodel\t\t: 1\n"
                + "model name\t: Hygon C86 7185 32-core Processor\nstepping\t: 1\n", Map.of(), "");
        assertEquals(Optional.empty(), id.microarchitecture());
        assertEquals("not identified (HygonGenuine family 24 model 1 stepping 1, 'Hygon C86 7185 32-core"
                + " Processor'), no hypervisor seen, 1 logical CPUs", id.describe());
    }
}
