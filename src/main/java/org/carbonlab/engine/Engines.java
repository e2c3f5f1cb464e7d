package org.carbonlab.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engines by name: the one place an engine is registered (JMH's {@code ProfilerFactory} is the model). */
public final class Engines {

    private static final Map<String, Engine> BUILT_IN = new LinkedHashMap<>();

    static {
        register(new DjlEngine());
        register(new Nd4jEngine());
        register(new CommandEngine());
    }

    private Engines() {
    }

    private static void register(Engine e) {
        BUILT_IN.put(e.id(), e);
    }

    /** The engine named {@code id}, or an error naming the valid ones. */
    public static Engine of(String id) {
        return org.carbonlab.util.Names.byId(BUILT_IN.values().toArray(new Engine[0]), Engine::id, id, "engine");
    }

    /** The registered names, in registration order. */
    public static List<String> ids() {
        return List.copyOf(BUILT_IN.keySet());
    }

}
