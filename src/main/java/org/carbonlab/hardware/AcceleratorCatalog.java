package org.carbonlab.hardware;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.carbonlab.util.Csv;

/** Board power of GPUs and TPUs (resource {@code accelerators.csv}), each with its source. */
public final class AcceleratorCatalog {

    /**
     * One accelerator.
     *
     * @param name      the catalog's name, e.g. {@code A100-SXM4-80GB}
     * @param aliases   other names it answers to ({@code A100})
     * @param vendor    NVIDIA, AMD, Google
     * @param tdpWatts  maximum board power in W
     * @param memoryGb  memory in GB
     * @param source    where the power figure comes from
     */
    public record Accelerator(String name, List<String> aliases, String vendor, double tdpWatts, int memoryGb,
                              String source) {
    }

    private final List<Accelerator> all;

    private AcceleratorCatalog(List<Accelerator> all) {
        this.all = List.copyOf(all);
    }

    /** Loads the catalog shipped with carbonlab. */
    public static AcceleratorCatalog load() {
        List<Accelerator> out = new ArrayList<>();
        for (String line : Csv.resourceRows(AcceleratorCatalog.class, "accelerators.csv")) {
            String[] f = line.split(",", 6);
            out.add(new Accelerator(f[0], f[1].isEmpty() ? List.of() : Arrays.asList(f[1].split("\\|")), f[2],
                    Double.parseDouble(f[3]), Integer.parseInt(f[4]), f[5]));
        }
        return new AcceleratorCatalog(out);
    }

    /** Returns every accelerator. */
    public List<Accelerator> all() {
        return all;
    }

    /** Finds an accelerator by name or alias, ignoring case, spaces, dashes and a leading vendor name. */
    public Optional<Accelerator> find(String name) {
        String key = key(name);
        for (Accelerator a : all) {
            if (key(a.name()).equals(key) || a.aliases().stream().anyMatch(x -> key(x).equals(key))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Returns the names a user may type, for error messages. */
    public List<String> names() {
        return all.stream().map(Accelerator::name).toList();
    }

    private static String key(String s) {
        String k = s.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
        for (String vendor : List.of("nvidia", "amdinstinct", "amd", "google", "tesla")) {
            if (k.startsWith(vendor)) {
                k = k.substring(vendor.length());
            }
        }
        return k;
    }
}
