package dev.taskfleet.producer.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.producer.team.TeamPriorities;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The bookkeeping of one batch, whatever its format: counts and limits every submitted task,
 * validates it, refuses a repeated id or a priority class the team may not use, and passes valid
 * tasks to the sink.
 */
final class BatchIntake {

    private static final int MAX_REPORTED_ID_CHARS = 128;

    private final String batchId;
    private final String team;
    private final Duration deadline;
    private final Priority priority;
    private final TeamPriorities priorities;
    private final TaskValidator validator;
    private final BatchLimits limits;
    private final Clock clock;
    private final Supplier<String> idGenerator;
    private final TaskSink sink;
    // Only ids the submitter chose: generated ids are random UUIDs and cannot repeat in practice.
    private final Set<String> submittedIds = new HashSet<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, Long> rejectedByField = new TreeMap<>();
    private final Map<Priority, Long> acceptedByPriority = new EnumMap<>(Priority.class);
    private long submitted;
    private long accepted;
    private long rejectedCount;

    BatchIntake(String batchId, String team, Duration deadline, Priority priority, TeamPriorities priorities,
                TaskValidator validator, BatchLimits limits, Clock clock, Supplier<String> idGenerator, TaskSink sink) {
        this.batchId = batchId;
        this.team = team;
        this.deadline = deadline;
        this.priority = priority;
        this.priorities = priorities;
        this.validator = validator;
        this.limits = limits;
        this.clock = clock;
        this.idGenerator = idGenerator;
        this.sink = sink;
    }

    /** Counts one more task in the body, refusing the batch once there are too many. */
    void count() {
        submitted++;
        if (submitted > limits.maxTasks()) {
            throw new BatchTooLargeException(BatchTooLargeException.Limit.TASKS, limits.maxTasks());
        }
    }

    /** Validates one counted task and, when it is valid and new, hands it to the sink. */
    void submit(JsonNode node, long line, Integer index) {
        String submittedId = submittedId(node);
        Task task;
        try {
            // submitted is this task's position: count() ran for it before.
            task = validator.fromSubmission(node, batchId, team, clock.instant(), idGenerator, deadline,
                    priorities.forUnnamed(priority, submitted));
            priorities.check(team, task.priority());
        } catch (InvalidTaskException e) {
            reject(line, index, reportable(submittedId), RejectionField.of(e.field()), e.getMessage());
            return;
        }
        if (task.prompt().length() > limits.maxPromptChars()) {
            // A team limit, not a property of the task: the whole batch is refused (413) rather
            // than this one task, like the tasks-per-batch limit.
            throw new BatchTooLargeException(BatchTooLargeException.Limit.PROMPT_CHARS, limits.maxPromptChars());
        }
        if (submittedId != null && !submittedIds.add(submittedId)) {
            reject(line, index, submittedId, "id",
                    "field 'id': '" + submittedId + "' appears more than once in this batch");
            return;
        }
        try {
            sink.accept(task);
        } catch (TaskTooLargeException e) {
            reject(line, index, reportable(submittedId), RejectionField.SIZE, e.getMessage());
            return;
        }
        accepted++;
        acceptedByPriority.merge(task.priority(), 1L, Long::sum);
    }

    void reject(long line, Integer index, String id, String field, String error) {
        rejectedCount++;
        rejectedByField.merge(field, 1L, Long::sum);
        if (rejections.size() < limits.maxRejectionsReported()) {
            rejections.add(new Rejection(line, index, id, field, error));
        }
    }

    BatchOutcome outcome() {
        return new BatchOutcome(batchId, submitted, accepted, rejectedCount, rejections, rejectedByField,
                acceptedByPriority);
    }

    private static String submittedId(JsonNode node) {
        JsonNode id = node == null ? null : node.get("id");
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    private static String reportable(String id) {
        if (id == null || id.length() <= MAX_REPORTED_ID_CHARS) {
            return id;
        }
        return id.substring(0, MAX_REPORTED_ID_CHARS) + "...";
    }
}
