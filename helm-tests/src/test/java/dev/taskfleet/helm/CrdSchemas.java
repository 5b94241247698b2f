package dev.taskfleet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns the OpenAPI v3 schema of a CustomResourceDefinition into the JSON schema the API server
 * effectively applies to a custom resource created with kubectl's default, Strict, field
 * validation: a field the schema does not declare is an error, not silently pruned. So every
 * object schema with {@code properties} is closed, unless it says
 * {@code x-kubernetes-preserve-unknown-fields} or declares its own {@code additionalProperties};
 * {@code nullable: true} becomes a {@code "null"} type; the open {@code metadata} of the CRD is
 * replaced by Kubernetes' ObjectMeta, which the API server checks on every object.
 */
final class CrdSchemas {

    private static final List<String> SUBSCHEMA_LISTS = List.of("anyOf", "oneOf", "allOf");

    private CrdSchemas() {
    }

    /**
     * The strict schema of one served version of a CRD.
     *
     * @param crd        the CustomResourceDefinition
     * @param version    the version name, e.g. {@code v1alpha1}
     * @param objectMeta the JSON schema of Kubernetes' ObjectMeta
     */
    static ObjectNode strictSchema(JsonNode crd, String version, JsonNode objectMeta) {
        for (JsonNode served : crd.at("/spec/versions")) {
            if (version.equals(served.path("name").asText())) {
                ObjectNode schema = ((ObjectNode) served.at("/schema/openAPIV3Schema")).deepCopy();
                close(schema);
                ((ObjectNode) schema.path("properties")).set("metadata", objectMeta.deepCopy());
                return schema;
            }
        }
        throw new NoSuchElementException("CRD " + crd.at("/metadata/name").asText() + " serves no version " + version);
    }

    private static void close(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            ArrayNode types = schema.arrayNode().add(schema.path("type").asText()).add("null");
            schema.set("type", types);
        }
        schema.remove("nullable");
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.has("properties") && !schema.has("additionalProperties") && !open) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(CrdSchemas::close);
        close(schema.path("items"));
        close(schema.path("additionalProperties"));
        close(schema.path("not"));
        for (String list : SUBSCHEMA_LISTS) {
            schema.path(list).forEach(CrdSchemas::close);
        }
    }
}
