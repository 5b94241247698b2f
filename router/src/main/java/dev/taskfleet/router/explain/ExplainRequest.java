package dev.taskfleet.router.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of an explain request: tasks as they would be submitted, either one JSON
 * object per line (NDJSON) or one JSON array. Each is validated exactly as the producer
 * validates a submission, as team {@code default}; the first invalid one stops the request.
 */
public final class ExplainRequest {

    /** Batch id of explained tasks; they are never published. */
    static final String BATCH_ID = "explain";

    private ExplainRequest() {
    }

    /** The submitted tasks, in order. */
    public static List<Task> parse(String body, TaskValidator validator, Instant now) throws InvalidInput {
        String trimmed = body == null ? "" : body.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidInput(null, null, "body", "is empty; send tasks as NDJSON or a JSON array");
        }
        ObjectMapper mapper = EventCodec.mapper();
        List<Task> tasks = new ArrayList<>();
        if (trimmed.startsWith("[")) {
            JsonNode array = readTree(mapper, trimmed, null);
            for (int i = 0; i < array.size(); i++) {
                tasks.add(task(validator, array.get(i), null, i, now));
            }
            return tasks;
        }
        String[] lines = trimmed.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                tasks.add(task(validator, readTree(mapper, lines[i], i + 1), i + 1, null, now));
            }
        }
        return tasks;
    }

    private static Task task(TaskValidator validator, JsonNode node, Integer line, Integer index, Instant now)
            throws InvalidInput {
        int position = line != null ? line : index + 1;
        try {
            return validator.fromSubmission(node, BATCH_ID, Task.DEFAULT_TEAM, now, () -> "task-" + position);
        } catch (InvalidTaskException e) {
            throw new InvalidInput(line, index, e.field(), e.problem());
        }
    }

    private static JsonNode readTree(ObjectMapper mapper, String json, Integer line) throws InvalidInput {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInput(line, null, "body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * One task of the request is invalid.
     *
     * @param line  its line (NDJSON, 1-based), else {@code null}
     * @param index its position in the JSON array (0-based), else {@code null}
     */
    public static final class InvalidInput extends Exception {

        private final Integer line;
        private final Integer index;
        private final String field;
        private final String problem;

        InvalidInput(Integer line, Integer index, String field, String problem) {
            super((line != null ? "line " + line + ": " : index != null ? "task " + index + ": " : "")
                    + "'" + field + "' " + problem, null, false, false);
            this.line = line;
            this.index = index;
            this.field = field;
            this.problem = problem;
        }

        public Integer line() {
            return line;
        }

        public Integer index() {
            return index;
        }

        public String field() {
            return field;
        }

        public String problem() {
            return problem;
        }
    }
}
