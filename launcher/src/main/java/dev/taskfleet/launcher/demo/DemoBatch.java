package dev.taskfleet.launcher.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch the demo sends: lines of a JSONL file, cut to or cycled up to the requested count.
 *
 * <p>Cycling repeats the file with the ids of each further pass suffixed ({@code demo-0001-2} on
 * the second pass, {@code -3} on the third), because the producer and the results are keyed by
 * task id and a repeated id would be a duplicate, not another task.
 */
public final class DemoBatch {

    /** The shipped example, relative to the repository root. */
    public static final Path DEFAULT_FILE = Path.of("examples", "demo-batch.jsonl");

    private DemoBatch() {
    }

    /** The non-blank lines of a JSONL file. */
    public static List<String> read(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the batch file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first {@code count} lines, or all lines repeated until there are {@code count}.
     *
     * @throws IllegalArgumentException if {@code count} is not positive or there are no lines
     */
    public static List<String> select(List<String> lines, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of tasks must be at least 1, was " + count);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the batch file has no tasks");
        }
        if (count <= lines.size()) {
            return List.copyOf(lines.subList(0, count));
        }
        List<String> selected = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pass = i / lines.size() + 1;
            String line = lines.get(i % lines.size());
            selected.add(pass == 1 ? line : withIdSuffix(line, "-" + pass));
        }
        return selected;
    }

    /** The lines as a request body, one per line. */
    public static String toJsonl(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String withIdSuffix(String line, String suffix) {
        try {
            JsonNode task = EventCodec.mapper().readTree(line);
            if (task instanceof ObjectNode object && object.path("id").isTextual()) {
                object.put("id", object.get("id").textValue() + suffix);
                return EventCodec.mapper().writeValueAsString(object);
            }
            return line;
        } catch (JsonProcessingException e) {
            // Sent as it is: the producer reports the broken line with its number.
            return line;
        }
    }
}
