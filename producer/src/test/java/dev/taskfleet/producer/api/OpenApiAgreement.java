package dev.taskfleet.producer.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import dev.taskfleet.api.ApiOperation;
import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.Problem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * Whether a served OpenAPI document and the API types a client binds agree: for each operation the
 * path and method exist, the success answer has the operation's status, media type and (for an API
 * type) schema, a request body has the request type's schema, and every error answer is a
 * {@link Problem}. A schema agrees with a type when it has exactly the properties Jackson writes for
 * it, each with a compatible JSON type (recursively; enums with the same values) and marked required
 * exactly when Jackson always writes it. Collects every disagreement rather than stopping at the first;
 * a named schema used in several places is compared once, where it is first met.
 */
final class OpenApiAgreement {

    private final JsonNode document;
    private final ObjectMapper json;
    private final List<String> disagreements = new ArrayList<>();
    private final Set<String> compared = new HashSet<>();

    /** @param json the mapper whose view of the types counts: the client's */
    OpenApiAgreement(JsonNode document, ObjectMapper json) {
        this.document = document;
        this.json = json;
    }

    /** Every disagreement between the document and {@code operations}, one line each; empty when they agree. */
    List<String> check(List<ApiOperation<?>> operations) {
        for (ApiOperation<?> operation : operations) {
            String where = operation.method() + " " + operation.path();
            JsonNode served = document.path("paths").path(operation.path()).path(operation.method().toLowerCase());
            if (served.isMissingNode()) {
                disagreements.add(where + ": not in the served document");
                continue;
            }
            checkSuccess(where, served, operation);
            if (operation.request() != null) {
                compare(where + " request", served.at("/requestBody/content").path(BatchApi.JSON).path("schema"),
                        json.constructType(operation.request()));
            }
            served.path("responses").fields().forEachRemaining(response -> {
                if (Integer.parseInt(response.getKey()) >= 400) {
                    compare(where + " " + response.getKey(), content(response.getValue(), BatchApi.PROBLEM_JSON)
                            .path("schema"), json.constructType(Problem.class));
                }
            });
        }
        return List.copyOf(disagreements);
    }

    private void checkSuccess(String where, JsonNode served, ApiOperation<?> operation) {
        String status = String.valueOf(operation.status());
        JsonNode response = served.path("responses").path(status);
        if (response.isMissingNode()) {
            disagreements.add(where + ": no " + status + " answer; served " + names(served.path("responses")));
            return;
        }
        JsonNode content = content(response, operation.mediaType());
        if (content.isMissingNode()) {
            disagreements.add(where + " " + status + ": no " + operation.mediaType() + " content");
        } else if (operation.response() != Void.class) {
            compare(where + " " + status, content.path("schema"), json.constructType(operation.response()));
        }
    }

    private JsonNode content(JsonNode response, String mediaType) {
        return resolve(response).path("content").path(mediaType);
    }

    /** Compares {@code schema} with {@code type} as the client's mapper reads and writes it. */
    private void compare(String where, JsonNode schema, JavaType type) {
        JsonNode ref = schema.path("$ref");
        if (ref.isTextual() && !compared.add(ref.asText() + " as " + type.toCanonical())) {
            return;
        }
        JsonNode resolved = resolve(schema);
        String expected = jsonType(type);
        String served = typeOf(resolved);
        if (!expected.equals(served)) {
            disagreements.add(where + ": served as " + served + ", the client's " + type.getRawClass().getSimpleName()
                    + " is " + expected);
        } else if (type.isArrayType() || type.isCollectionLikeType()) {
            compare(where + "[]", resolved.path("items"), type.getContentType());
        } else if (type.isMapLikeType()) {
            compare(where + "{}", resolved.path("additionalProperties"), type.getContentType());
        } else if (type.isEnumType()) {
            Set<String> values = new TreeSet<>();
            Arrays.stream(type.getRawClass().getEnumConstants()).forEach(v -> values.add(json.convertValue(v, String.class)));
            Set<String> servedValues = new TreeSet<>(names(resolved.path("enum")));
            if (!values.equals(servedValues)) {
                disagreements.add(where + ": served values " + servedValues + ", the client's " + values);
            }
        } else if (expected.equals("object")) {
            compareProperties(where, resolved, type);
        }
    }

    private void compareProperties(String where, JsonNode schema, JavaType type) {
        String client = "the client's " + type.getRawClass().getSimpleName();
        Map<String, BeanPropertyWriter> written = properties(type);
        Set<String> served = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(served::add);
        report(where + ": properties differ: served only ", served, ", only in " + client + " ", written.keySet());
        Set<String> required = new TreeSet<>(names(schema.path("required")));
        Set<String> alwaysWritten = new TreeSet<>();
        written.forEach((name, property) -> {
            if (!served.contains(name)) {
                return;
            }
            if (!property.willSuppressNulls() || property.getType().isPrimitive()) {
                alwaysWritten.add(name);
            }
            compare(where + "." + name, schema.path("properties").path(name), property.getType());
        });
        required.retainAll(written.keySet());
        report(where + ": required properties differ: served as required only ", required,
                ", always written only by " + client + " ", alwaysWritten);
    }

    /** Adds a disagreement naming what only one side has, if anything. */
    private void report(String servedOnly, Set<String> served, String clientOnly, Set<String> client) {
        Set<String> onlyServed = new TreeSet<>(served);
        onlyServed.removeAll(client);
        Set<String> onlyClient = new TreeSet<>(client);
        onlyClient.removeAll(served);
        if (!onlyServed.isEmpty() || !onlyClient.isEmpty()) {
            disagreements.add(servedOnly + onlyServed + clientOnly + onlyClient);
        }
    }

    /** The properties Jackson writes for {@code type}, by name. */
    private Map<String, BeanPropertyWriter> properties(JavaType type) {
        Map<String, BeanPropertyWriter> properties = new TreeMap<>();
        try {
            Iterator<PropertyWriter> writers = json.getSerializerProviderInstance().findValueSerializer(type).properties();
            writers.forEachRemaining(writer -> properties.put(writer.getName(), (BeanPropertyWriter) writer));
        } catch (JsonMappingException e) {
            disagreements.add(type + ": Jackson cannot write it: " + e.getOriginalMessage());
        }
        return properties;
    }

    /** Follows a {@code $ref} within the document. */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() ? resolve(document.at(ref.asText().substring(1))) : node;
    }

    /** The schema's JSON type; of {@code ["integer", "null"]}, the one that is not null. */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            return StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText)
                    .filter(t -> !t.equals("null")).findFirst().orElse("null");
        }
        return type.isTextual() ? type.asText() : "(no type)";
    }

    private static String jsonType(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return "array";
        }
        if (type.isMapLikeType()) {
            return "object";
        }
        if (raw == String.class || type.isEnumType() || Temporal.class.isAssignableFrom(raw)) {
            return "string";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == int.class || raw == long.class || raw == short.class || raw == Integer.class || raw == Long.class
                || raw == Short.class || raw == BigInteger.class) {
            return "integer";
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class || raw == BigDecimal.class) {
            return "number";
        }
        return "object";
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> names.add(item.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
