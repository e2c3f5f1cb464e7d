package org.carbonlab.experiment.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carbonlab.util.UserException;

/**
 * The memory allocator of a trial's process (spec key {@code allocator}), set through its environment before it
 * starts, so it reaches every engine alike: a child JVM of DJL or ND4J, a command (Python, a shell script), a Slurm
 * task. It changes what is measured: PyTorch's CPU tensors are large blocks that glibc's malloc, left as it is,
 * maps and unmaps for every step, and the page faults that follow cost system time and make a trial's energy vary
 * from one run to the next ({@code results/allocator/}). Each setting names the environment it sets, and the trial
 * records carry it.
 */
public enum Allocator {

    /** Whatever the process gets by default: glibc's malloc with its own thresholds (and any MALLOC_ variables set). */
    SYSTEM("system", Map.of(), null, null),
    /**
     * glibc's malloc kept from giving large blocks back: blocks up to 1 GiB come from the heap instead of their own
     * mappings, freed memory stays in the heap (no trim), and the heap grows by 256 MiB at a time. Nothing to install.
     */
    GLIBC_RETAIN("glibc-retain", Map.of("MALLOC_MMAP_THRESHOLD_", "1073741824", "MALLOC_TRIM_THRESHOLD_",
            "1073741824", "MALLOC_TOP_PAD_", "268435456"), null, null),
    /** gperftools' tcmalloc (minimal), preloaded: Debian's {@code libtcmalloc-minimal4}. */
    TCMALLOC("tcmalloc", Map.of(), "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4"),
    /** jemalloc, preloaded, its dirty and muzzy pages never decayed back to the kernel: Debian's {@code libjemalloc2}. */
    JEMALLOC("jemalloc", Map.of("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1"), "libjemalloc.so.2",
            "libjemalloc2");

    /** The setting a spec without the key gets: the one measured quietest that needs nothing installed. */
    public static final Allocator DEFAULT = GLIBC_RETAIN;

    /** Where a preloaded library is looked for, in this order. */
    static final List<Path> LIBRARY_DIRS = List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib64"),
            Path.of("/usr/lib"), Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"));

    private final String id;
    private final Map<String, String> variables;
    private final String library;
    private final String debianPackage;

    Allocator(String id, Map<String, String> variables, String library, String debianPackage) {
        this.id = id;
        this.variables = new java.util.TreeMap<>(variables);
        this.library = library;
        this.debianPackage = debianPackage;
    }

    /** Its spec spelling. */
    public String id() {
        return id;
    }

    /** The setting spelled {@code id}, or an error listing the valid ones. */
    public static Allocator of(String id) {
        for (Allocator a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new UserException("allocator '" + id + "' is not known; valid: "
                + java.util.Arrays.stream(values()).map(Allocator::id).toList());
    }

    /**
     * The environment a trial's process gets for it, in name order: its variables, and a preloaded library's path
     * in {@code LD_PRELOAD} (after any the environment {@code inherited} already preloads).
     *
     * @throws org.carbonlab.util.UserException where the library is not installed here, saying which package brings it
     */
    public Map<String, String> environment(Map<String, String> inherited) {
        return environment(inherited, LIBRARY_DIRS);
    }

    /** {@link #environment(Map)} with a preloaded library looked for in {@code dirs}. */
    public Map<String, String> environment(Map<String, String> inherited, List<Path> dirs) {
        Map<String, String> env = new LinkedHashMap<>(variables);
        if (library != null) {
            Path lib = dirs.stream().map(d -> d.resolve(library)).filter(Files::isReadable).findFirst()
                    .orElseThrow(() -> new UserException("allocator " + id + " needs " + library
                            + ", not found in " + dirs + ": apt-get install " + debianPackage
                            + ", or use allocator: " + DEFAULT.id));
            String before = inherited.getOrDefault("LD_PRELOAD", "");
            env.put("LD_PRELOAD", before.isBlank() ? lib.toString() : before + ":" + lib);
        }
        return env;
    }
}
