package dev.taskfleet.testkit;

import dev.taskfleet.testkit.ConfigTableRows.Row;
import dev.taskfleet.testkit.ConfigTableRows.Value;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a README's configuration table ({@link ConfigTableRows} describes its conventions)
 * against one service's {@code @ConfigMapping}, so a key added without docs, a default changed
 * without docs, or a row left behind by a removed key fails the service's build:
 * <ul>
 *   <li>every key the mapping declares has a row naming the service, with the mapping's
 *       {@code @WithDefault} (or words, for a key without one) as modified by the service's
 *       {@code application.properties}: a value set there for a map entry ({@code taskfleet.tiers.fast.*})
 *       must be listed by name, the {@code @WithDefault} being {@code others};
 *   <li>every row naming the service is a key of the mapping, or one of the keys the service
 *       reads outside it ({@code kafka.bootstrap.servers}, {@code quarkus.http.port}), named
 *       explicitly with {@link #withKeysOutsideMapping}; their default is the value in
 *       {@code application.properties}, listed by service name where services differ;
 *   <li>every {@code application.properties} key under the mapping's prefix is one the mapping declares.
 * </ul>
 * A plain test, no Quarkus started: {@code ConfigTableCheck.forQuarkusService("worker", WorkerConfig.class)
 * .verify(ConfigTableCheck.rootReadme())}.
 */
public final class ConfigTableCheck {

    private final String service;
    private final Class<?> mapping;
    private final Properties applicationProperties = new Properties();
    private final TreeSet<String> keysOutsideMapping = new TreeSet<>();

    private ConfigTableCheck(String service, Class<?> mapping) {
        this.service = service;
        this.mapping = mapping;
    }

    /** @param service the service's name as the "used by" column spells it */
    public static ConfigTableCheck forService(String service, Class<?> mapping) {
        return new ConfigTableCheck(service, mapping);
    }

    /**
     * One of the fleet's Quarkus services, checked from its module directory (Maven's working
     * directory for tests): its {@code src/main/resources/application.properties}, and the two
     * keys each one reads outside its mapping, the broker (the Kafka clients) and the HTTP port (Quarkus).
     */
    public static ConfigTableCheck forQuarkusService(String service, Class<?> mapping) {
        return forService(service, mapping)
                .withApplicationProperties(Path.of("src/main/resources/application.properties"))
                .withKeysOutsideMapping("kafka.bootstrap.servers", "quarkus.http.port");
    }

    /** The service's {@code application.properties}: what it sets overrides the mapping's defaults. */
    public ConfigTableCheck withApplicationProperties(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            applicationProperties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Keys the README lists for this service that its mapping does not declare; their defaults come from application.properties. */
    public ConfigTableCheck withKeysOutsideMapping(String... keys) {
        keysOutsideMapping.addAll(List.of(keys));
        return this;
    }

    /** @throws AssertionError listing every disagreement between the README and the service */
    public void verify(Path readme) {
        List<String> problems = problems(readme);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " disagreement(s) between " + readme + " and "
                    + mapping.getSimpleName() + " (" + service + "):\n  " + String.join("\n  ", problems));
        }
    }

    /** Every disagreement between the README's configuration table and the service; empty when they agree. */
    public List<String> problems(Path readme) {
        List<String> problems = new ArrayList<>();
        SortedMap<String, Map<String, Optional<String>>> declared = declaredWithProperties(problems);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row row : ConfigTableRows.read(readme, problems)) {
            if (rows.putIfAbsent(row.key(), row) != null) {
                problems.add(at(row) + "a second row for the same key");
            }
        }
        declared.forEach((key, expected) -> checkRow(key, expected, rows.get(key), mapping.getSimpleName()
                + " and application.properties", problems));
        for (String key : keysOutsideMapping) {
            String value = applicationProperties.getProperty(key);
            if (value == null) {
                problems.add(key + " is named outside the mapping but has no value in application.properties");
            } else {
                checkOutsideRow(key, value, rows.get(key), problems);
            }
        }
        for (Row row : rows.values()) {
            if (row.names(service) && !declared.containsKey(row.key()) && !keysOutsideMapping.contains(row.key())) {
                problems.add(at(row) + "names " + service + ", but " + mapping.getSimpleName()
                        + " declares no such key and it is not one of the keys outside the mapping " + keysOutsideMapping);
            }
        }
        return problems;
    }

    /** Walks up from the working directory (a module's, under Maven) to the repository root's README. */
    public static Path rootReadme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md next to mvnw above " + Path.of("").toAbsolutePath());
    }

    /** Each key with its default by name: {@code others} from {@code @WithDefault}, named map entries from properties. */
    private SortedMap<String, Map<String, Optional<String>>> declaredWithProperties(List<String> problems) {
        SortedMap<String, Map<String, Optional<String>>> declared = new TreeMap<>();
        ConfigMappingKeys.of(mapping).forEach((key, value) ->
                declared.computeIfAbsent(key, k -> new TreeMap<>()).put(ConfigTableRows.OTHERS, value));
        String prefix = mapping.getAnnotation(ConfigMapping.class).prefix() + ".";
        for (String property : new TreeSet<>(applicationProperties.stringPropertyNames())) {
            if (!property.startsWith(prefix)) {
                continue;
            }
            Optional<Map.Entry<String, String>> match = declared.keySet().stream()
                    .flatMap(key -> entryName(key, property).map(name -> Map.entry(key, name)).stream())
                    .findFirst();
            if (match.isEmpty()) {
                problems.add("application.properties sets " + property + ", which " + mapping.getSimpleName() + " does not declare");
            } else {
                declared.get(match.get().getKey()).put(match.get().getValue(),
                        Optional.of(applicationProperties.getProperty(property)));
            }
        }
        return declared;
    }

    /**
     * Whether {@code property} is an instance of the key pattern {@code key}, and if so the name
     * its default is listed under: the map keys it fills in ({@code fast} for
     * {@code taskfleet.tiers.fast.model}), or {@code others} when the pattern has none.
     */
    private static Optional<String> entryName(String key, String property) {
        String[] pattern = key.split("\\.");
        List<String> segments = segments(property);
        if (pattern.length != segments.size()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals(ConfigMappingKeys.ANY)) {
                names.add(segments.get(i));
            } else if (!pattern[i].equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(names.isEmpty() ? ConfigTableRows.OTHERS : String.join(".", names));
    }

    /** A key's dot-separated segments; a quoted segment ({@code teams."a.b".x}) may hold dots. */
    private static List<String> segments(String property) {
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        boolean quoted = false;
        for (char c : property.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                segments.add(segment.toString());
                segment.setLength(0);
            } else {
                segment.append(c);
            }
        }
        segments.add(segment.toString());
        return segments;
    }

    private void checkRow(String key, Map<String, Optional<String>> expected, Row row, String source, List<String> problems) {
        if (row == null) {
            problems.add("`" + key + "` has no row; " + source + " say its default is " + render(expected));
            return;
        }
        if (!row.names(service)) {
            problems.add(at(row) + "'used by' does not name " + service + ", which reads it");
        }
        if (!agree(withoutRepeats(expected), withoutRepeats(row.defaults()))) {
            problems.add(at(row) + "the default is documented as '" + render(row.defaults()) + "', but " + source
                    + " say " + render(expected));
        }
    }

    private void checkOutsideRow(String key, String value, Row row, List<String> problems) {
        if (row == null) {
            problems.add("`" + key + "` has no row; application.properties sets `" + value + "`");
            return;
        }
        if (!row.names(service)) {
            problems.add(at(row) + "'used by' does not name " + service + ", which reads it");
        }
        Value documented = row.defaults().getOrDefault(service, row.defaults().get(ConfigTableRows.OTHERS));
        if (documented == null || !value.equals(documented.literal())) {
            problems.add(at(row) + "the default for " + service + " is documented as '"
                    + (documented == null ? "nothing" : documented.text()) + "', but application.properties sets `" + value + "`");
        }
    }

    /** Same names; a value where one is declared, words where none is. */
    private static boolean agree(Map<String, Optional<String>> expected, Map<String, Value> documented) {
        return expected.keySet().equals(documented.keySet()) && expected.entrySet().stream().allMatch(e -> {
            Value value = documented.get(e.getKey());
            return e.getValue().map(v -> v.equals(value.literal())).orElse(!value.isLiteral());
        });
    }

    /** Drops named entries that say the same as {@code others}, which the table may list or leave out. */
    private static <V> Map<String, V> withoutRepeats(Map<String, V> byName) {
        V others = byName.get(ConfigTableRows.OTHERS);
        return byName.entrySet().stream()
                .filter(e -> e.getKey().equals(ConfigTableRows.OTHERS) || !e.getValue().equals(others))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** In the table's own form: named entries first, {@code others} last. */
    private static String render(Map<String, ?> byName) {
        return byName.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing((String name) -> name.equals(ConfigTableRows.OTHERS))))
                .map(e -> (byName.size() == 1 ? "" : e.getKey() + " ") + renderValue(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String renderValue(Object value) {
        if (value instanceof Value documented) {
            return documented.text();
        }
        return ((Optional<?>) value).map(v -> "`" + v + "`").orElse("(no default: say so in words)");
    }

    private static String at(Row row) {
        return "README line " + row.line() + " `" + row.key() + "`: ";
    }
}
