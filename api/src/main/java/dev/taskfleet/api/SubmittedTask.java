package dev.taskfleet.api;

import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /api/v1/batches/{id}/tasks/{taskId}}: a task as it was submitted (its
 * first run), read back from the tasks topic. Its outcome is a line of
 * {@code GET /api/v1/batches/{id}/results?task={taskId}}.
 *
 * @param batchId   the batch
 * @param taskId    the task
 * @param type      the task's type
 * @param prompt    the instruction for the model, exactly as submitted (untrusted text)
 * @param tierHint  the tier the submitter asked for, or {@code null}
 * @param labels    the task's labels (never {@code null})
 * @param createdAt when the producer accepted the task
 */
public record SubmittedTask(
        @Schema(required = true) String batchId,
        @Schema(required = true) String taskId,
        @Schema(required = true) String type,
        @Schema(required = true) String prompt,
        @Schema(required = true) String tierHint,
        @Schema(required = true) Map<String, String> labels,
        @Schema(required = true) Instant createdAt) {

    public SubmittedTask {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
