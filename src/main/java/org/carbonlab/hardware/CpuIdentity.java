package org.carbonlab.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.carbonlab.util.Csv;

/**
 * What CPU this is when the model name does not say (VMs report "AMD EPYC" or "Intel Xeon Processor"): the
 * identification fields of {@code /proc/cpuinfo} (vendor, family, model, stepping; on Arm the implementer and part)
 * looked up in the shipped, sourced table {@code microarchitectures.csv}, with the hypervisor, the vCPUs and the
 * threads per core.
 *
 * @param vendor            {@code AuthenticAMD}, {@code GenuineIntel}, {@code ARM} (Arm implementer 0x41), ...
 * @param family            the cpu family (x86, decimal) or the implementer (Arm, {@code 0x41})
 * @param model             the model (x86) or the part number (Arm), decimal; -1 when absent
 * @param stepping          the stepping (x86) or the variant (Arm); -1 when absent
 * @param modelName         the model name as reported ("" when absent, as on Arm)
 * @param flags             the CPU flags (x86 {@code flags}, Arm {@code Features})
 * @param microarchitecture what the table says it is (empty: not in the table)
 * @param hypervisor        the hypervisor it runs under (empty: none seen, i.e. bare metal or a hidden one)
 * @param vcpus             logical CPUs this system shows
 * @param threadsPerCore    hardware threads per core as the CPU reports them (siblings / cpu cores; 1 where not
 *                          reported)
 */
public record CpuIdentity(String vendor, String family, int model, int stepping, String modelName, Set<String> flags,
                          Optional<Microarchitecture> microarchitecture, Optional<String> hypervisor, int vcpus,
                          int threadsPerCore) {

    /**
     * A row of the table.
     *
     * @param name       e.g. {@code AMD Zen 5}
     * @param generation the product generation, e.g. {@code EPYC 9005 generation (Turin)}
     * @param specpower  the SPECpower generation that stands for it ({@code specpower-v2.csv}); empty: none has results
     */
    public record Microarchitecture(String name, String generation, String specpower) {
    }

    /** A copy of the flags, sorted. */
    public CpuIdentity {
        flags = java.util.Collections.unmodifiableSet(new TreeSet<>(flags));
    }

    /** This machine's CPU: {@code /proc/cpuinfo}, DMI and the clock source as this kernel shows them. */
    public static CpuIdentity ofThisMachine() {
        return read(Path.of("/proc/cpuinfo"), Path.of("/sys/class/dmi/id"),
                Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
    }

    /** Reads the CPU from {@code cpuinfo}, the hypervisor from {@code dmiDir} and {@code clocksource} (missing: not told). */
    public static CpuIdentity read(Path cpuinfo, Path dmiDir, Path clocksource) {
        String text = readOrEmpty(cpuinfo);
        Map<String, String> dmi = new LinkedHashMap<>();
        for (String key : List.of("sys_vendor", "product_name")) {
            String v = readOrEmpty(dmiDir.resolve(key)).strip();
            if (!v.isEmpty()) {
                dmi.put(key, v);
            }
        }
        return parse(text, dmi, readOrEmpty(clocksource).strip());
    }

    /**
     * Identifies the CPU of a {@code /proc/cpuinfo} text; {@code dmi} holds DMI's {@code sys_vendor} and
     * {@code product_name} where readable, {@code clocksource} the kernel's current clock source ("" if unknown).
     */
    public static CpuIdentity parse(String cpuinfo, Map<String, String> dmi, String clocksource) {
        Map<String, String> first = new LinkedHashMap<>();
        int processors = 0;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("processor")) {
                processors++;
            }
            first.putIfAbsent(key, value);
        }
        boolean arm = first.containsKey("cpu implementer");
        String vendor = arm ? (first.get("cpu implementer").equalsIgnoreCase("0x41") ? "ARM"
                : "Arm implementer " + first.get("cpu implementer")) : first.getOrDefault("vendor_id", "unknown");
        String family = arm ? first.get("cpu implementer").toLowerCase(Locale.ROOT) : first.getOrDefault("cpu family", "");
        int model = number(arm ? first.get("cpu part") : first.get("model"));
        int stepping = number(arm ? first.get("cpu variant") : first.get("stepping"));
        Set<String> flags = new TreeSet<>(List.of(first.getOrDefault(arm ? "features" : "flags", "").split("\\s+")));
        flags.remove("");
        int siblings = number(first.get("siblings"));
        int cores = number(first.get("cpu cores"));
        int threads = siblings > 0 && cores > 0 && siblings % cores == 0 ? siblings / cores : 1;
        Optional<Microarchitecture> micro = Table.ROWS.stream().filter(r -> r.matches(vendor, family, model, stepping))
                .findFirst().map(Row::micro);
        return new CpuIdentity(vendor, family, model, stepping, first.getOrDefault("model name", ""), flags, micro,
                hypervisor(flags, dmi, clocksource), Math.max(processors, 1), threads);
    }

    /**
     * The hypervisor: DMI's vendor and product where readable (Amazon EC2, Google Compute Engine, Microsoft Hyper-V,
     * QEMU, VMware, ...), else the paravirtual clock a guest kernel uses, else only the CPU's {@code hypervisor} flag.
     */
    private static Optional<String> hypervisor(Set<String> flags, Map<String, String> dmi, String clocksource) {
        String vendor = dmi.getOrDefault("sys_vendor", "");
        String product = dmi.getOrDefault("product_name", "");
        String both = (vendor + " " + product).toLowerCase(Locale.ROOT);
        if (both.contains("amazon ec2")) {
            return Optional.of("Amazon EC2 (" + product + ")");
        }
        if (both.contains("google")) {
            return Optional.of("Google Compute Engine");
        }
        if (both.contains("microsoft") && both.contains("virtual")) {
            return Optional.of("Microsoft Hyper-V (Azure or local)");
        }
        for (String known : List.of("qemu", "kvm", "vmware", "xen", "virtualbox", "openstack", "bochs")) {
            if (both.contains(known)) {
                return Optional.of((vendor + " " + product).strip());
            }
        }
        boolean flagged = flags.contains("hypervisor");
        String clock = switch (clocksource) {
            case "kvm-clock" -> "KVM (kvm-clock)";
            case "hyperv_clocksource_tsc_page" -> "Microsoft Hyper-V (its TSC page clock)";
            case "xen" -> "Xen (xen clock)";
            default -> null;
        };
        if (clock != null) {
            return Optional.of(clock);
        }
        return flagged ? Optional.of("a hypervisor (the CPU's hypervisor flag; which one is not readable here)")
                : Optional.empty();
    }

    /** One line for summaries: "AMD Zen 5 (EPYC 9005 generation (Turin)), KVM (kvm-clock), 2 vCPUs". */
    public String describe() {
        String what = microarchitecture.map(m -> m.name() + " (" + m.generation() + ")")
                .orElse("not identified (" + vendor + " family " + family + " model " + model + " stepping " + stepping
                        + (modelName.isEmpty() ? "" : ", '" + modelName + "'") + ")");
        return what + ", " + hypervisor.orElse("no hypervisor seen") + ", " + vcpus + (hypervisor.isPresent()
                ? " vCPUs" : " logical CPUs") + (threadsPerCore > 1 ? " (" + threadsPerCore + " threads per core)" : "");
    }

    private static int number(String s) {
        if (s == null || s.isBlank()) {
            return -1;
        }
        String t = s.strip().toLowerCase(Locale.ROOT);
        try {
            return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return ""; // not readable here (a container, another OS): not told
        }
    }

    /** A row of {@code microarchitectures.csv}. */
    private record Row(String vendor, String family, int modelFrom, int modelTo, int steppingFrom, int steppingTo,
                       Microarchitecture micro) {

        boolean matches(String v, String f, int m, int s) {
            return vendor.equals(v) && family.equalsIgnoreCase(f) && m >= modelFrom && m <= modelTo
                    && (s < 0 || s >= steppingFrom && s <= steppingTo);
        }
    }

    /** The shipped table, read once. */
    private static final class Table {
        static final List<Row> ROWS = read();

        private static List<Row> read() {
            List<Row> rows = new ArrayList<>();
            for (String line : Csv.resourceRows(CpuIdentity.class, "microarchitectures.csv")) {
                String[] f = line.split(",", -1);
                rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), new Microarchitecture(f[6], f[7], f[8])));
            }
            return List.copyOf(rows);
        }
    }
}
