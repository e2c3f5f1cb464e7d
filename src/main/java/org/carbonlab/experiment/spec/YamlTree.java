package org.carbonlab.experiment.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into nodes that remember where they stood, so every complaint about a spec can name its
 * {@code file:line:column}. Duplicate keys are refused. Scalars stay text; the spec decides their types.
 */
public final class YamlTree {

    private YamlTree() {
    }

    /** A place in a file: 1-based line and column. */
    public record Position(String file, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }

    /** A node of the document. */
    public sealed interface Node permits Scalar, Sequence, Mapping {
        /** Where the node starts. */
        Position at();

        /** What the node is, for messages: a number, a text, a list, a mapping, nothing. */
        String kind();
    }

    /** A scalar as written; {@code text} is null for YAML's null. */
    public record Scalar(Position at, String text) implements Node {
        @Override
        public String kind() {
            return text == null ? "nothing (null)" : "'" + text + "'";
        }
    }

    /** A list. */
    public record Sequence(Position at, List<Node> items) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping in document order; {@code keys} holds each key's own position. */
    public record Mapping(Position at, Map<String, Node> entries, Map<String, Position> keys) implements Node {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** Reads one document from {@code in}; {@code file} names it in positions. */
    public static Node read(Reader in, String file) {
        try (JsonParser p = YAMLFactory.builder().build().createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SpecException(new Position(file, 1, 1), "the spec is empty");
            }
            return node(p, file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                    throw new SpecException(new Position(file, m.getProblemMark().getLine() + 1,
                            m.getProblemMark().getColumn() + 1), "not valid YAML: " + (m.getContext() == null ? ""
                            : m.getContext() + ": ") + m.getProblem());
                }
            }
            JsonLocation l = e.getLocation();
            Position at = l == null ? new Position(file, 1, 1) : new Position(file, l.getLineNr(), l.getColumnNr());
            throw new SpecException(at, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new SpecException(new Position(file, 1, 1), "cannot read: " + e.getMessage());
        }
    }

    private static Node node(JsonParser p, String file) throws IOException {
        Position at = position(p, file);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> entries = new LinkedHashMap<>();
            Map<String, Position> keys = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Position keyAt = position(p, file);
                if (entries.containsKey(key)) {
                    throw new SpecException(keyAt, "duplicate key '" + key + "' (first at line "
                            + keys.get(key).line() + ")");
                }
                p.nextToken();
                keys.put(key, keyAt);
                entries.put(key, node(p, file));
            }
            return new Mapping(at, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keys));
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(p, file));
            }
            return new Sequence(at, List.copyOf(items));
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Scalar(at, null);
        }
        return new Scalar(at, p.getText());
    }

    private static Position position(JsonParser p, String file) {
        JsonLocation l = p.currentTokenLocation();
        return new Position(file, l.getLineNr(), l.getColumnNr());
    }
}
