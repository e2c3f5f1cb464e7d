package org.carbonlab.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The project's JSON settings for run files: field order as declared, unknown fields refused. */
public final class Json {

    /** The mapper every run file is written and read with. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /** {@code v}, or null where it is unknown (NaN) or not a number JSON can hold (infinite): missing is null. */
    public static Double known(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Puts {@code v} as {@code field}, or null where {@link #known} says it is unknown. */
    public static void put(com.fasterxml.jackson.databind.node.ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
