package org.carbonlab.report.tools;

import java.util.List;

import org.carbonlab.power.Channel;
import org.carbonlab.power.PowerSource;
import org.carbonlab.power.SourceStatus;

/** Renders what {@code carbonlab sensors} found. */
public final class SensorsReport {

    private SensorsReport() {
    }

    /**
     * Returns what the CPU is ({@code cpu}: its identification, e.g. generation, hypervisor and vCPUs), then one block
     * per source: found or not, the reason, the notes and the channels.
     */
    public static String text(String cpu, List<PowerSource> sources) {
        StringBuilder sb = new StringBuilder();
        sb.append("cpu       ").append(cpu).append('\n');
        for (PowerSource s : sources) {
            SourceStatus st = s.status();
            sb.append(String.format("%-9s %s%n", st.source(), st.available() ? "AVAILABLE" : "ABSENT"));
            sb.append("  ").append(st.available() ? "" : "why: ").append(st.detail()).append('\n');
            for (String n : st.notes()) {
                sb.append("  - ").append(n).append('\n');
            }
            for (Channel c : s.channels()) {
                sb.append(String.format("  channel %-20s %-10s %s%s%s%n", c.id(), c.kind().label(),
                        c.counter() != null ? "energy: " + c.counter().label() + "  " : "",
                        c.power() != null ? "power: " + c.power().label() + "  " : "",
                        c.inTotal() ? "" : "(not in total)"));
            }
        }
        return sb.toString();
    }
}
