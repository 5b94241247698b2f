package dev.taskfleet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterators;
import java.util.stream.StreamSupport;

/** The objects of one render, parsed from Helm's multi-document YAML. */
record Manifests(String text, List<JsonNode> objects) {

    private static final ObjectMapper YAML = new YAMLMapper();

    static Manifests parse(String text) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            List<JsonNode> objects = StreamSupport.stream(
                            Spliterators.spliteratorUnknownSize(docs, 0), false)
                    .filter(doc -> doc != null && doc.hasNonNull("kind"))
                    .toList();
            return new Manifests(text, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode get(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name + " in " + names()));
    }

    List<String> names(String kind) {
        return ofKind(kind).stream().map(o -> o.path("metadata").path("name").asText()).toList();
    }

    List<String> names() {
        return objects.stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
                .toList();
    }

    /** The first container of a Deployment's pod template. */
    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** The env entry with that name in a container, or a missing node. */
    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        return MissingNode.getInstance();
    }
}
