package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * Reads {@code json} as a {@code type}, refusing a field no record in it declares. Jackson refuses unknown fields
     * ({@link #MAPPER}) except inside a record with {@link JsonUnwrapped} parts, whose fields it buffers and drops
     * silently; records made of such parts ({@link TrialRecord}, {@link TrialOutcome}) are read with this instead.
     */
    public static <T> T read(String json, Class<T> type) throws java.io.IOException {
        JsonNode node = MAPPER.readTree(json);
        requireKnownFields(node, type, "$");
        return MAPPER.treeToValue(node, type);
    }

    /** {@link #read(String, Class)} of a file. */
    public static <T> T read(java.nio.file.Path file, Class<T> type) throws java.io.IOException {
        return read(java.nio.file.Files.readString(file), type);
    }

    private static void requireKnownFields(JsonNode node, Type type, String path) throws JsonMappingException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (node == null || node.isNull()) {
            return;
        }
        if (raw.isRecord() && node.isObject()) {
            Map<String, Type> fields = new java.util.LinkedHashMap<>();
            fieldsOf(raw, fields);
            Set<String> unknown = new LinkedHashSet<>();
            node.fieldNames().forEachRemaining(f -> {
                if (!fields.containsKey(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                throw JsonMappingException.from((com.fasterxml.jackson.core.JsonParser) null, "Unrecognized field"
                        + (unknown.size() > 1 ? "s " : " ") + unknown + " at " + path + " (" + raw.getSimpleName()
                        + "), not one of " + fields.keySet());
            }
            for (Map.Entry<String, Type> f : fields.entrySet()) {
                requireKnownFields(node.get(f.getKey()), f.getValue(), path + "." + f.getKey());
            }
        } else if (type instanceof ParameterizedType p && node.isArray()
                && java.util.Collection.class.isAssignableFrom(raw)) {
            for (int i = 0; i < node.size(); i++) {
                requireKnownFields(node.get(i), p.getActualTypeArguments()[0], path + "[" + i + "]");
            }
        } else if (type instanceof ParameterizedType p && node.isObject() && Map.class.isAssignableFrom(raw)) {
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                requireKnownFields(e.getValue(), p.getActualTypeArguments()[1], path + "." + e.getKey());
            }
        }
    }

    /**
     * The JSON fields of record {@code type}, in order: its components by name (or their {@link JsonProperty}), those
     * of its unwrapped parts in their place. For a record that is a file's schema, these are the keys it has.
     */
    public static List<String> fields(Class<? extends Record> type) {
        Map<String, Type> fields = new java.util.LinkedHashMap<>();
        fieldsOf(type, fields);
        return List.copyOf(fields.keySet());
    }

    /** The JSON fields of record {@code type}: its components by name, those of its unwrapped parts in their place. */
    private static void fieldsOf(Class<?> type, Map<String, Type> fields) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                fieldsOf(c.getType(), fields);
            } else {
                JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
                fields.put(named == null || named.value().isEmpty() ? c.getName() : named.value(),
                        c.getGenericType());
            }
        }
    }
}
