package dev.taskfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rows of a README's configuration table: the first Markdown table after the heading
 * {@code ## Configuration}, with the columns {@code key}, {@code default} and {@code used by}.
 *
 * <p>The conventions the table follows, and this reads:
 * <ul>
 *   <li>one key per row, in backticks; a map's key is a placeholder: {@code <tier>}, {@code "<team>"};
 *   <li>a default that is a value is in backticks ({@code `30s`}); words (none, unlimited, the host
 *       name) or a pattern with a placeholder ({@code `sim-<tier>`}) say there is no fixed default;
 *   <li>defaults that differ by tier or by service are listed by name, then the rest:
 *       {@code fast `0.8s`, quality `3s`, others `1s`};
 *   <li>"used by" is {@code all} or service names separated by commas.
 * </ul>
 */
final class ConfigTableRows {

    /** The entry of a default cell that covers every name not listed, and the whole of a plain cell. */
    static final String OTHERS = "others";
    static final String ALL_SERVICES = "all";

    private static final String HEADING = "## Configuration";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\"?<[^>]+>\"?");
    private static final Pattern NAMED_FORM = Pattern.compile("^[a-z][a-z0-9-]* `.*");
    private static final Pattern NAMED_ENTRY = Pattern.compile("([a-z][a-z0-9-]*) (.+)");

    /**
     * One row.
     *
     * @param line     its line number in the README
     * @param key      the key as a pattern, every placeholder replaced by {@link ConfigMappingKeys#ANY}
     * @param defaults the default cell by name ({@link #OTHERS} for the rest or for a plain cell)
     * @param usedBy   the services of the "used by" cell, or {@link #ALL_SERVICES}
     */
    record Row(int line, String key, Map<String, Value> defaults, Set<String> usedBy) {

        boolean names(String service) {
            return usedBy.contains(ALL_SERVICES) || usedBy.contains(service);
        }
    }

    /**
     * What a default cell says for one name.
     *
     * @param literal the value, when the cell gives one; {@code null} when it says in words that there is none
     * @param text    the cell's text as written
     */
    record Value(String literal, String text) {

        static Value parse(String text) {
            Matcher code = CODE.matcher(text);
            boolean oneValue = code.matches() && !code.group(1).contains("<");
            return new Value(oneValue ? code.group(1) : null, text);
        }

        boolean isLiteral() {
            return literal != null;
        }
    }

    private ConfigTableRows() {
    }

    /**
     * @param problems where a row that breaks the conventions is reported
     * @throws IllegalArgumentException when the README has no such table
     */
    static List<Row> read(Path readme, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int header = lines.indexOf(HEADING);
        while (header >= 0 && header < lines.size() && !lines.get(header).startsWith("|")) {
            header++;
        }
        if (header < 0 || header >= lines.size()) {
            throw new IllegalArgumentException(readme + " has no table under '" + HEADING + "'");
        }
        List<String> columns = cells(lines.get(header));
        int keyColumn = column(columns, "key", readme);
        int defaultColumn = column(columns, "default", readme);
        int usedByColumn = column(columns, "used by", readme);
        List<Row> rows = new ArrayList<>();
        // header + 1 is the |---| separator.
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            List<String> keys = CODE.matcher(cells.get(keyColumn)).results().map(m -> m.group(1)).toList();
            if (keys.size() != 1) {
                problems.add(readme.getFileName() + " line " + (i + 1) + ": one key in backticks per row, found "
                        + cells.get(keyColumn));
                continue;
            }
            try {
                rows.add(new Row(i + 1, PLACEHOLDER.matcher(keys.get(0)).replaceAll(ConfigMappingKeys.ANY),
                        defaults(cells.get(defaultColumn)), usedBy(cells.get(usedByColumn))));
            } catch (IllegalArgumentException e) {
                problems.add(readme.getFileName() + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String[] parts = line.split("\\|", -1);
        // A table row starts and ends with '|': the first and last parts are empty.
        return Arrays.stream(parts, 1, parts.length - 1).map(String::trim).toList();
    }

    private static int column(List<String> columns, String name, Path readme) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(readme + ": the configuration table has no column '" + name + "'");
        }
        return index;
    }

    private static Map<String, Value> defaults(String cell) {
        Map<String, Value> byName = new LinkedHashMap<>();
        if (!NAMED_FORM.matcher(cell).matches()) {
            byName.put(OTHERS, Value.parse(cell));
            return byName;
        }
        for (String entry : cell.split(", ")) {
            Matcher named = NAMED_ENTRY.matcher(entry.trim());
            if (!named.matches()) {
                throw new IllegalArgumentException("a default listed by name is '<name> `value`': " + cell);
            }
            byName.put(named.group(1), Value.parse(named.group(2)));
        }
        return byName;
    }

    private static Set<String> usedBy(String cell) {
        return Arrays.stream(cell.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
