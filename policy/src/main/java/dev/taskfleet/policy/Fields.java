package dev.taskfleet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of policy values; each failure names the value's line and what was expected. */
final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final PolicySource source;

    Fields(PolicySource source) {
        this.source = source;
    }

    PolicySource source() {
        return source;
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** The node as a mapping with fields of any name (labels, team names, tier names). */
    ObjectNode object(JsonNode node, String path) throws PolicyException {
        if (!(node instanceof ObjectNode object)) {
            throw source.error(path, "'" + path + "' must be a mapping, not a "
                    + (node == null ? "missing value" : YamlTreeReader.kind(node)));
        }
        return object;
    }

    /** The node as a mapping whose fields are all among {@code allowed}. */
    ObjectNode object(JsonNode node, String path, Set<String> allowed) throws PolicyException {
        ObjectNode object = object(node, path);
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw source.error(child(path, name), "unknown field '" + name + "'"
                        + (path.isEmpty() ? "" : " in '" + path + "'") + "; expected one of " + new TreeSet<>(allowed));
            }
        }
        return object;
    }

    String text(JsonNode node, String path) throws PolicyException {
        if (node == null || !node.isValueNode() || node.isNull() || node.asText().isBlank()) {
            throw source.error(path, "'" + path + "' must be a non-empty text");
        }
        return node.asText().trim();
    }

    /** One text or a non-empty list of texts. */
    List<String> texts(JsonNode node, String path) throws PolicyException {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            if (node.isEmpty()) {
                throw source.error(path, "'" + path + "' must list at least one value");
            }
            for (int i = 0; i < node.size(); i++) {
                values.add(text(node.get(i), index(path, i)));
            }
        } else {
            values.add(text(node, path));
        }
        return values;
    }

    long integer(JsonNode node, String path, long min) throws PolicyException {
        if (node == null || !node.isIntegralNumber() || node.asLong() < min) {
            throw source.error(path, "'" + path + "' must be a whole number of at least " + min);
        }
        return node.asLong();
    }

    double number(JsonNode node, String path) throws PolicyException {
        if (node == null || !node.isNumber()) {
            throw source.error(path, "'" + path + "' must be a number");
        }
        return node.asDouble();
    }

    boolean bool(JsonNode node, String path) throws PolicyException {
        if (node == null || !node.isBoolean()) {
            throw source.error(path, "'" + path + "' must be true or false");
        }
        return node.asBoolean();
    }

    /** {@code 500ms}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT15M}); positive. */
    Duration duration(JsonNode node, String path) throws PolicyException {
        String text = text(node, path);
        Duration duration = null;
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                duration = null;
            }
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw source.error(path, "'" + path + "' must be a positive duration such as 90s, 15m or 2h, not '"
                    + text + "'");
        }
        return duration;
    }
}
