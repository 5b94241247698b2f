package dev.taskfleet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published schemas of every kind the chart renders (listed, with where each copy comes
 * from, in {@code src/test/resources/schemas/sources.yaml}), and validation of rendered objects
 * against them. Loaded once per test JVM: {@link #INSTANCE}.
 */
final class ManifestSchemas {

    static final String FOLDER = "/schemas/";
    static final String SOURCES = FOLDER + "sources.yaml";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The schemas are draft-04 style JSON schema; draft 7 reads them the same way. Formats such
     *  as int32 are the API server's business, not this check's. Paths read as JSONPath. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(false).pathType(PathType.JSON_PATH).build()));
    /** Declared after the mappers and the registry, which its construction uses. */
    static final ManifestSchemas INSTANCE = new ManifestSchemas();

    /** One entry of sources.yaml. */
    record Source(String apiVersion, String kind, String format, String file, String source, String version,
            String sha256) {
    }

    /** One way an object breaks its schema: where (a JSON path) and what. */
    record Violation(String path, String message) {

        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    private final List<Source> sources;
    private final Map<String, Schema> schemas = new LinkedHashMap<>();

    private ManifestSchemas() {
        JsonNode index = read(SOURCES, YAML);
        List<Source> listed = new ArrayList<>();
        for (JsonNode entry : index.path("schemas")) {
            listed.add(YAML.convertValue(entry, Source.class));
        }
        this.sources = List.copyOf(listed);
        Source configMap = sources.stream().filter(s -> key(s.apiVersion(), s.kind()).equals("v1 ConfigMap"))
                .findFirst().orElseThrow(() -> new IllegalStateException(SOURCES + " lists no v1 ConfigMap"));
        JsonNode objectMeta = read(FOLDER + configMap.file(), JSON).at("/properties/metadata");
        for (Source source : sources) {
            schemas.put(key(source.apiVersion(), source.kind()), REGISTRY.getSchema(schemaOf(source, objectMeta)));
        }
    }

    List<Source> sources() {
        return sources;
    }

    boolean covers(String apiVersion, String kind) {
        return schemas.containsKey(key(apiVersion, kind));
    }

    /**
     * Every way the object breaks the schema of its apiVersion and kind; an object of a kind no
     * schema is kept for is one violation itself, so a new kind cannot go unchecked.
     */
    List<Violation> violations(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Schema schema = schemas.get(key(apiVersion, kind));
        if (schema == null) {
            return List.of(new Violation("$", "no schema is kept for " + apiVersion + " " + kind + "; add its published "
                    + "schema to " + SOURCES));
        }
        List<Violation> found = new ArrayList<>();
        for (Error error : schema.validate(object)) {
            Violation violation = new Violation(error.getInstanceLocation().toString(), error.getMessage());
            if (!found.contains(violation)) {
                found.add(violation);
            }
        }
        return found;
    }

    private static JsonNode schemaOf(Source source, JsonNode objectMeta) {
        JsonNode document = read(FOLDER + source.file(), source.file().endsWith(".json") ? JSON : YAML);
        return switch (source.format()) {
            case "json-schema" -> {
                // "http://json-schema.org/schema#" names no draft this validator has offline.
                ObjectNode schema = (ObjectNode) document.deepCopy();
                schema.remove("$schema");
                yield schema;
            }
            case "crd" -> CrdSchemas.strictSchema(document, versionOf(source.apiVersion()), objectMeta);
            default -> throw new IllegalStateException(SOURCES + ": unknown format " + source.format());
        };
    }

    private static String versionOf(String apiVersion) {
        return apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    static byte[] bytes(String resource) {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try {
            return mapper.readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
        }
    }
}
