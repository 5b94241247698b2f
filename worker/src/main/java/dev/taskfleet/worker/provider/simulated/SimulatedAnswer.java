package dev.taskfleet.worker.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.worker.provider.ModelRequest;
import java.util.Iterator;

/**
 * The text of a simulated answer, shaped by the task's expectation so that output checks have
 * something real to pass and to fail:
 *
 * <ul>
 *   <li>no expectation, or a regular expression: one line of prose (a simulated model cannot write
 *       to a pattern; the prose is checked as it is, so a pattern that does not match it always
 *       rejects);</li>
 *   <li>{@code json}: a small JSON object;</li>
 *   <li>{@code json-schema}: a JSON object with every property the schema's top level
 *       {@code required} lists, each a value of its declared {@code type} (the first of an
 *       {@code enum}, the {@code const}; nested objects alike). Constraints beyond that (minimums,
 *       patterns, formats) are not honoured, so a schema relying on them rejects the answer, as a
 *       real model's answer would be rejected.</li>
 * </ul>
 *
 * <p>With probability {@code malformed-rate} ({@link SimulatedCall#malformed()}), an answer that
 * should be JSON is prose instead: the model "forgot" the format. A wrong answer
 * ({@link SimulatedCall#wrong()}: the task is harder than the model can do) is prose too, so a task
 * whose {@code expect} asks for JSON detects it, and one without a check does not, as in real life.
 */
final class SimulatedAnswer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Deeper schemas than this get an empty object: enough for a simulation, safe against cycles. */
    private static final int MAX_DEPTH = 8;

    private SimulatedAnswer() {
    }

    static String text(ModelRequest request, SimulatedCall call) {
        OutputExpectation expect = request.expect();
        if (expect == null || expect.kind() == OutputExpectation.Kind.REGEX || call.malformed() || call.wrong()) {
            return prose(request, call);
        }
        if (expect.kind() == OutputExpectation.Kind.JSON_SCHEMA && expect.schema() != null) {
            return valueFor(expect.schema(), request.taskId(), 0).toString();
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("task", request.taskId());
        answer.put("answer", "simulated by " + request.model());
        return answer.toString();
    }

    private static String prose(ModelRequest request, SimulatedCall call) {
        return "[simulated " + request.model() + "] " + call.outputTokens() + " tokens of output for task "
                + request.taskId();
    }

    private static JsonNode valueFor(JsonNode schema, String taskId, int depth) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode choices = schema.get("enum");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            return choices.get(0);
        }
        JsonNode type = schema.get("type");
        String name = type == null ? (schema.has("properties") ? "object" : "string")
                : type.isArray() && !type.isEmpty() ? type.get(0).asText() : type.asText();
        return switch (name) {
            case "object" -> objectFor(schema, taskId, depth);
            case "array" -> JSON.arrayNode();
            case "integer" -> JSON.numberNode(1);
            case "number" -> JSON.numberNode(1.5);
            case "boolean" -> JSON.booleanNode(true);
            case "null" -> JSON.nullNode();
            default -> JSON.textNode("simulated answer for " + taskId);
        };
    }

    private static ObjectNode objectFor(JsonNode schema, String taskId, int depth) {
        ObjectNode object = JSON.objectNode();
        JsonNode required = schema.get("required");
        if (depth >= MAX_DEPTH || required == null || !required.isArray()) {
            return object;
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<JsonNode> names = required.elements(); names.hasNext(); ) {
            String property = names.next().asText();
            JsonNode propertySchema = properties.path(property);
            object.set(property, propertySchema.isObject() ? valueFor(propertySchema, taskId, depth + 1)
                    : JSON.textNode("simulated answer for " + taskId));
        }
        return object;
    }
}
