package dev.taskfleet.benchmarks.batchtier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo batch ({@code examples/demo-batch.jsonl}, the file {@code ./taskfleet demo} runs), or its
 * first tasks, under fresh ids per run so each run is a batch of its own.
 *
 * @param submissions the tasks as submitted, each with its fresh id
 */
record DemoBatch(List<ObjectNode> submissions) {

    /** The demo batch's place below the repository root. */
    static final String FILE = "examples/demo-batch.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first {@code count} tasks of the demo batch at {@code home}, their ids prefixed with {@code idPrefix}. */
    static DemoBatch read(Path home, int count, String idPrefix) throws IOException {
        List<ObjectNode> submissions = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve(FILE), StandardCharsets.UTF_8)) {
            if (submissions.size() == count) {
                break;
            }
            if (!line.isBlank()) {
                ObjectNode task = (ObjectNode) JSON.readTree(line);
                task.put("id", idPrefix + "-" + task.path("id").asText());
                submissions.add(task);
            }
        }
        if (submissions.size() < count) {
            throw new IllegalArgumentException(FILE + " has " + submissions.size() + " tasks, fewer than " + count);
        }
        return new DemoBatch(List.copyOf(submissions));
    }

    /** The upload body. */
    byte[] jsonl() {
        StringBuilder out = new StringBuilder();
        submissions.forEach(task -> out.append(task).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The tasks as the producer makes them from the upload, for the harness to route them itself. */
    List<Task> asTasks(List<String> tiers, String team) {
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(tiers));
        List<Task> tasks = new ArrayList<>(submissions.size());
        for (ObjectNode submission : submissions) {
            try {
                tasks.add(validator.fromSubmission(submission, "demo", team, Instant.EPOCH,
                        () -> { throw new IllegalStateException("every demo task has an id"); }));
            } catch (InvalidTaskException e) {
                throw new IllegalStateException("the demo batch has an invalid task " + submission + ": " + e.getMessage(), e);
            }
        }
        return tasks;
    }
}
