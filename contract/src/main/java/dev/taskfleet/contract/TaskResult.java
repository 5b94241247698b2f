package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The final result of one run of a task, published on {@code <prefix>.results} keyed by task id.
 *
 * <p>Delivery is at least once: a worker that dies after publishing a result but before its
 * offset commit runs the task again, and the second copy has the same {@link #dedupKey()}.
 * Readers keep the first result per key ({@link FinalResults}) and drop the rest.
 *
 * @param schemaVersion contract version this event was written with
 * @param taskId        the task this result belongs to
 * @param batchId       the task's batch
 * @param taskType      the task's type, so outcomes can be aggregated per type
 * @param tier          the tier that produced the final outcome
 * @param model         the model that produced the final outcome
 * @param status        succeeded, failed or cancelled
 * @param output        the model's answer when succeeded, otherwise {@code null}
 * @param error         why it failed, otherwise {@code null}
 * @param attempts      how many model calls the task took in total, over every tier
 * @param inputTokens   prompt tokens over all attempts
 * @param outputTokens  completion tokens over all attempts
 * @param costUsd       cost over all attempts in US dollars
 * @param latencyMs     model time of the final attempt in milliseconds
 * @param workerId      the service instance that published this result
 * @param finishedAt    when the result was published
 * @param routing       the routing decision that placed the task on {@code tier}
 * @param team          the submitting team ({@link Task#DEFAULT_TEAM} when absent)
 * @param run           which run of the task this is the result of (at least 1)
 * @param submittedAt   when the producer accepted the task, for end-to-end latency; may be {@code null}
 * @param history       every model call made for the task, oldest first (never {@code null})
 * @param priority      the task's priority class, so queued work can be told apart per class;
 *                      {@link Priority#STANDARD} when absent (and left off the wire then, as on the task)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResult(
        int schemaVersion,
        String taskId,
        String batchId,
        String taskType,
        String tier,
        String model,
        ResultStatus status,
        String output,
        ResultError error,
        int attempts,
        long inputTokens,
        long outputTokens,
        double costUsd,
        long latencyMs,
        String workerId,
        Instant finishedAt,
        RoutingDecision routing,
        String team,
        int run,
        Instant submittedAt,
        List<AttemptRecord> history,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Priority.StandardFilter.class)
        Priority priority) {

    /** The tier of a result the router wrote for a task it placed on no tier. */
    public static final String UNROUTED = "unrouted";

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        if (status == ResultStatus.FAILED && error == null) {
            throw new IllegalArgumentException("a FAILED result needs an error");
        }
        team = team == null || team.isBlank() ? Task.DEFAULT_TEAM : team;
        run = Math.max(run, 1);
        history = history == null ? List.of() : List.copyOf(history);
        priority = priority == null ? Priority.STANDARD : priority;
    }

    public boolean succeeded() {
        return status == ResultStatus.SUCCEEDED;
    }

    /** Identifies the run this result finishes: a second result with the same key is a duplicate. */
    @JsonIgnore
    public String dedupKey() {
        return taskId + "#" + run;
    }
}
