package dev.taskfleet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bundled {@code default-policy.yaml} and its adaptation to a tier order other than the
 * {@code fast, quality} it is written for. The adaptation edits the parsed tree before
 * validation, so an adapted policy is checked exactly like a file.
 */
final class DefaultPolicy {

    static final String RESOURCE = "default-policy.yaml";
    private static final List<String> WRITTEN_FOR = List.of("fast", "quality");

    private DefaultPolicy() {
    }

    /** The default policy's text, as shipped. */
    static String text() {
        try (InputStream in = DefaultPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the policy jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RoutingPolicy forTiers(List<String> tierOrder) throws PolicyException {
        if (tierOrder == null || tierOrder.isEmpty()) {
            throw new PolicyException(RESOURCE, 0, "the tier order is empty; at least one tier is needed");
        }
        if (tierOrder.equals(WRITTEN_FOR)) {
            return PolicyReader.read(YamlTreeReader.read(text(), RESOURCE));
        }
        YamlTreeReader.Parsed parsed = YamlTreeReader.read(text(), RESOURCE + " (adapted to tiers " + tierOrder + ")");
        adapt(parsed.root(), tierOrder);
        return PolicyReader.read(parsed);
    }

    private static void adapt(ObjectNode root, List<String> tierOrder) {
        ArrayNode tiers = root.putArray("tiers");
        tierOrder.forEach(tiers::add);
        String cheapest = tierOrder.get(0);
        String strongest = tierOrder.get(tierOrder.size() - 1);
        for (JsonNode rule : root.withArrayProperty("rules")) {
            ObjectNode object = (ObjectNode) rule;
            object.put("tier", "fast".equals(object.get("tier").asText()) ? cheapest : strongest);
        }
        ObjectNode thresholds = root.withObjectProperty("heuristic").withObjectProperty("thresholds");
        double step = thresholds.get("quality").asDouble();
        thresholds.removeAll();
        for (int i = 1; i < tierOrder.size(); i++) {
            thresholds.put(tierOrder.get(i), step * i);
        }
    }
}
