package dev.taskfleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One task of a submitted batch that the producer refused, in {@code rejected[]} of a
 * {@link BatchReceipt} or of a {@link Problem}.
 *
 * @param line  1-based line of the body where the task starts
 * @param index 0-based position in the {@code tasks} array; only for a JSON body, absent for NDJSON
 * @param id    the id the submitter gave, when it could be read; otherwise absent
 * @param field the category of the problem, e.g. {@code prompt}, {@code json} or {@code unknown-field}
 *              (as tagged on the metric {@code taskfleet.tasks.rejected})
 * @param error what to fix
 */
public record RejectedTask(
        @Schema(required = true) long line,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer index,
        @JsonInclude(JsonInclude.Include.NON_NULL) String id,
        @Schema(required = true) String field,
        @Schema(required = true) String error) {
}
