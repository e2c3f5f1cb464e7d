package org.carbonlab.report.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonlab.results.RunManifest;
import org.carbonlab.results.TrialRecord;
import org.carbonlab.util.Numbers;

/**
 * The part of a summary that a cluster run adds (nothing for a local run): the hardware the trials really ran
 * on, grouped, with each variant whose trials landed on mixed hardware flagged; whole-socket energy measured on
 * shared nodes; and Slurm's own energy per trial beside the lab's, never mixed into it.
 */
final class Nodes {

    private Nodes() {
    }

    static String markdown(RunManifest m, List<TrialRecord> trials, Map<String, Double> slurmEnergy) {
        List<TrialRecord> placed = trials.stream().filter(t -> t.node() != null && t.node().cpu() != null).toList();
        if (placed.isEmpty() && slurmEnergy.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Where the trials ran\n\n");
        if (m.slurm() != null) {
            sb.append("Submitted to Slurm: ").append(m.slurm().stream().map(s -> "job arrays " + s.arrays().stream()
                    .map(a -> a.jobId()).toList() + ", report job " + s.reportJobId()).collect(Collectors.joining(
                    "; "))).append(" (manifest.json: the sbatch arguments). Trials start as Slurm places them:"
                    + " the spec's cooldown is not applied and no idle baseline is measured; each trial's energy is"
                    + " its own node's, by that node's meters.\n\n");
        }
        Map<String, List<TrialRecord>> byHardware = new LinkedHashMap<>();
        placed.forEach(t -> byHardware.computeIfAbsent(t.node().hardware(), k -> new ArrayList<>()).add(t));
        sb.append("| hardware | hosts | trials |\n|---|---|---|\n");
        byHardware.forEach((hw, ts) -> sb.append("| ").append(hw).append(" | ")
                .append(ts.stream().map(t -> t.node().host()).distinct().collect(Collectors.joining(", ")))
                .append(" | ").append(ts.stream().map(TrialRecord::id).collect(Collectors.joining(", ")))
                .append(" |\n"));
        Map<String, List<String>> perVariant = new LinkedHashMap<>();
        placed.forEach(t -> perVariant.computeIfAbsent(t.variant(), k -> new ArrayList<>()).add(t.node().hardware()));
        perVariant.forEach((v, hws) -> {
            List<String> distinct = hws.stream().distinct().toList();
            if (distinct.size() > 1) {
                sb.append("\n- variant ").append(v).append(" ran on mixed hardware (").append(String.join("; ",
                        distinct)).append("): its spread mixes machines with repetitions");
            }
        });
        long shared = placed.stream().filter(t -> Boolean.FALSE.equals(t.node().exclusive()) && t.devices().stream()
                .anyMatch(d -> d.provenance() != null
                        && d.provenance().includes(org.carbonlab.power.Provenance.MEASURED_RAPL))).count();
        if (shared > 0) {
            sb.append("\n- ").append(shared).append(" trials measured whole-socket energy (RAPL) on nodes shared with"
                    + " other jobs: those figures include the other jobs' energy");
        }
        if (!slurmEnergy.isEmpty()) {
            sb.append("\n\nSlurm's own energy (sacct ConsumedEnergyRaw, its acct_gather_energy plugin; the task's"
                    + " whole allocation, not the lab's window): beside the lab's figure, not part of it.\n\n"
                    + "| trial | lab's energy J | Slurm's energy J |\n|---|---|---|\n");
            for (TrialRecord t : trials) {
                Double j = slurmEnergy.get(t.id());
                if (j != null) {
                    sb.append("| ").append(t.id()).append(" | ").append(Numbers.people(StudyTable.num(t.energyJ())))
                            .append(" | ").append(Numbers.people(j)).append(" |\n");
                }
            }
        }
        return sb.toString().stripTrailing() + "\n\n";
    }

    /**
     * What a variant's row adds on a cluster: the hardware its trials ran on ({@code  on AMD EPYC, no GPU}; mixed
     * hardware named as such); nothing for a local run.
     */
    static String label(String variant, List<TrialRecord> trials) {
        List<String> hw = trials.stream().filter(t -> t.variant().equals(variant) && t.node() != null
                && t.node().cpu() != null).map(t -> t.node().hardware()).distinct().toList();
        if (hw.isEmpty()) {
            return "";
        }
        return hw.size() == 1 ? " on " + hw.get(0) : " on mixed hardware: " + String.join("; ", hw);
    }
}
