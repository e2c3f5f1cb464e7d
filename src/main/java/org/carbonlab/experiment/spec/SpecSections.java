package org.carbonlab.experiment.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.carbonlab.carbon.CarbonIntensity;
import org.carbonlab.carbon.IntensityTable;
import org.carbonlab.carbon.Pue;
import org.carbonlab.experiment.spec.YamlTree.Mapping;
import org.carbonlab.experiment.spec.YamlTree.Node;
import org.carbonlab.experiment.spec.YamlTree.Sequence;
import org.carbonlab.power.source.EstimateSource;
import org.carbonlab.power.source.PowerSources;

import static org.carbonlab.experiment.spec.ExperimentSpec.apply;
import static org.carbonlab.experiment.spec.ExperimentSpec.at;
import static org.carbonlab.experiment.spec.ExperimentSpec.duration;
import static org.carbonlab.experiment.spec.ExperimentSpec.mapping;
import static org.carbonlab.experiment.spec.ExperimentSpec.number;
import static org.carbonlab.experiment.spec.ExperimentSpec.optional;
import static org.carbonlab.experiment.spec.ExperimentSpec.requireKnown;
import static org.carbonlab.experiment.spec.ExperimentSpec.text;

/**
 * The sections of a study spec that {@link ExperimentSpec#parse} reads apart: the variant matrix, labels and
 * baseline, {@code power:} and {@code carbon:}, each checked with its positions.
 */
final class SpecSections {

    private SpecSections() {
    }

    /**
     * The power settings.
     *
     * @param sources  the sources, as {@code --source} takes them
     * @param interval the sampling interval
     * @param estimate the estimate's model, where the spec names one
     */
    record Power(List<String> sources, Duration interval, Optional<EstimateSource.Model> estimate) {
    }

    /**
     * The carbon settings.
     *
     * @param region    the grid region, where given
     * @param intensity kg CO2e per kWh, where given (NaN: none)
     * @param pue       the PUE, given or the region's
     */
    record Carbon(Optional<String> region, double intensity, Pue pue) {
    }

    /** The variant matrix of {@code variants:} as a mapping: key -> its values, each valid on its own, no duplicate. */
    static Map<String, List<String>> matrix(Mapping vm, TrialSettings workload, List<String> variableKeys) {
        requireKnown(vm, variableKeys, "variants");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : vm.entries().entrySet()) {
            List<Node> items = e.getValue() instanceof Sequence s ? s.items() : List.of(e.getValue());
            if (items.isEmpty()) {
                throw new SpecException(e.getValue().at(), "variants." + e.getKey() + " is an empty list");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (Node item : items) {
                String v = text(item, "variants." + e.getKey());
                apply(workload, e.getKey(), item); // each value must be valid on its own
                if (!seen.add(v)) {
                    throw new SpecException(item.at(), "duplicate variant value '" + v + "' in variants."
                            + e.getKey() + ": two rows would carry the same name");
                }
            }
            variants.put(e.getKey(), List.copyOf(seen));
        }
        return variants;
    }

    /** Adds {@code labels:} (words for matrix variants, by name) to {@code labels}. */
    static void labels(Mapping top, List<Plan.Variant> expanded, Map<String, String> labels) {
        Optional<Node> ln = optional(top, "labels"); // labels of matrix variants, by name
        if (ln.isPresent()) {
            Mapping lm = mapping(ln.get(), "labels");
            List<String> names = expanded.stream().map(Plan.Variant::name).toList();
            for (Map.Entry<String, Node> e : lm.entries().entrySet()) {
                if (!names.contains(e.getKey())) {
                    throw new SpecException(lm.keys().get(e.getKey()), "labels: '" + e.getKey() + "' is not a"
                            + " variant; valid: " + names);
                }
                String words = text(e.getValue(), "labels." + e.getKey()).strip();
                if (words.isEmpty() || labels.containsValue(words) || labels.containsKey(e.getKey())) {
                    throw new SpecException(e.getValue().at(), "label '" + words + "' is empty, given twice, or"
                            + " its variant is labelled already");
                }
                labels.put(e.getKey(), words);
            }
        }
    }

    /** The baseline variant: {@code baseline:}, or the first variant. */
    static String baseline(Mapping top, List<Plan.Variant> expanded) {
        String baseline = expanded.get(0).name();
        Optional<Node> b = optional(top, "baseline");
        if (b.isPresent()) {
            baseline = text(b.get(), "baseline");
            String want = baseline;
            if (expanded.stream().noneMatch(v -> v.name().equals(want))) {
                throw new SpecException(b.get().at(), "baseline '" + baseline + "' is not a variant; valid: "
                        + expanded.stream().map(Plan.Variant::name).toList());
            }
        }
        return baseline;
    }

    /** The {@code power:} section. */
    static Power power(Mapping top) {
        List<String> sources = Defaults.SOURCES;
        Duration interval = org.carbonlab.power.Sampler.DEFAULT_INTERVAL;
        Optional<EstimateSource.Model> estimate = Optional.empty();
        Optional<Node> pw = optional(top, "power");
        if (pw.isPresent()) {
            Mapping pm = mapping(pw.get(), "power");
            requireKnown(pm, ExperimentSpec.POWER_KEYS, "power");
            Optional<Node> s = optional(pm, "sources");
            if (s.isPresent()) {
                List<Node> items = s.get() instanceof Sequence q ? q.items() : List.of(s.get());
                List<String> names = new ArrayList<>();
                for (Node item : items) {
                    String n = text(item, "power.sources");
                    if (!PowerSources.known(n)) {
                        throw new SpecException(item.at(), "unknown power source '" + n + "'; valid: "
                                + PowerSources.VALID);
                    }
                    names.add(n);
                }
                sources = List.copyOf(names);
            }
            Optional<Node> em = optional(pm, "estimate");
            if (em.isPresent()) {
                estimate = Optional.of(at(em.get(), "power.estimate: ", () -> EstimateSource.Model.of(
                        text(em.get(), "power.estimate"))));
            }
            Optional<Node> iv = optional(pm, "interval");
            if (iv.isPresent()) {
                interval = duration(iv.get(), "power.interval");
                if (interval.toMillis() < 10) {
                    throw new SpecException(iv.get().at(), "power.interval must be at least 10ms, got "
                            + text(iv.get(), "power.interval"));
                }
            }
        }
        return new Power(sources, interval, estimate);
    }

    /** The {@code carbon:} section. */
    static Carbon carbon(Mapping top) {
        Optional<String> region = Optional.empty();
        double intensity = Double.NaN;
        Pue pue = null;
        Optional<Node> cb = optional(top, "carbon");
        if (cb.isPresent()) {
            Mapping cm = mapping(cb.get(), "carbon");
            requireKnown(cm, ExperimentSpec.CARBON_KEYS, "carbon");
            region = optional(cm, "region").map(n -> text(n, "carbon.region"));
            optional(cm, "region").ifPresent(n -> at(n, "", () -> IntensityTable.load().resolve(text(n,
                    "carbon.region"))));
            if (optional(cm, "region").isPresent() && optional(cm, "intensity").isPresent()) {
                throw new SpecException(optional(cm, "intensity").get().at(), "give carbon.region or"
                        + " carbon.intensity, not both: the intensity would silently win over the region");
            }
            Optional<Node> ci = optional(cm, "intensity");
            if (ci.isPresent()) {
                Node n = ci.get();
                intensity = at(n, "", () -> CarbonIntensity.ofKgPerKwh(number(n, "carbon.intensity")).kgPerKwh());
            }
            Optional<Node> p = optional(cm, "pue");
            if (p.isPresent()) {
                Node n = p.get();
                pue = at(n, "", () -> Pue.of(number(n, "carbon.pue")));
            }
        }
        if (pue == null) {
            pue = Pue.forRegion(Optional.empty(), region);
        }
        return new Carbon(region, intensity, pue);
    }
}
