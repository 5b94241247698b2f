package dev.taskfleet.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads YAML into a Jackson tree while recording the line of every value. Jackson's tree model
 * forgets token locations, so the tree is built here token by token instead of with
 * {@code readTree}; that is also where duplicate keys are refused (YAML parsers otherwise keep
 * the last one silently).
 */
final class YamlTreeReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The tree of a policy file and the line of each of its values. */
    record Parsed(ObjectNode root, PolicySource source) {
    }

    private final String sourceName;
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlTreeReader(String sourceName) {
        this.sourceName = sourceName;
    }

    static Parsed read(String yaml, String sourceName) throws PolicyException {
        return new YamlTreeReader(sourceName).readDocument(yaml);
    }

    private Parsed readDocument(String yaml) throws PolicyException {
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PolicyException(sourceName, 1, "the policy is empty; it needs at least 'tiers'");
            }
            JsonNode root = readValue(parser, "");
            if (!(root instanceof ObjectNode object)) {
                throw new PolicyException(sourceName, lines.getOrDefault("", 1),
                        "the policy must be a mapping of fields such as 'tiers' and 'rules', not a " + kind(root));
            }
            return new Parsed(object, new PolicySource(sourceName, lines));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PolicyException(sourceName, line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PolicyException(sourceName, 0, "cannot read the policy: " + e.getMessage());
        }
    }

    private JsonNode readValue(JsonParser parser, String path) throws IOException, PolicyException {
        lines.put(path, parser.currentTokenLocation().getLineNr());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    String fieldPath = path.isEmpty() ? field : path + "." + field;
                    int line = parser.currentTokenLocation().getLineNr();
                    if (object.has(field)) {
                        throw new PolicyException(sourceName, line, "field '" + field + "' appears twice");
                    }
                    parser.nextToken();
                    object.set(field, readValue(parser, fieldPath));
                    // A field's line is where its name is, even when its value starts on the next line.
                    lines.put(fieldPath, line);
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser, path + "[" + array.size() + "]"));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new PolicyException(sourceName, parser.currentTokenLocation().getLineNr(),
                        "unexpected YAML content " + token);
        }
    }

    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "mapping";
        }
        if (node.isArray()) {
            return "list";
        }
        if (node.isNull()) {
            return "empty value";
        }
        return node.isTextual() ? "text" : node.isNumber() ? "number" : "boolean";
    }
}
