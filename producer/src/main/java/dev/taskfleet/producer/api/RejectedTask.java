package dev.taskfleet.producer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskfleet.producer.batch.Rejection;

/**
 * One refused task in a reply.
 *
 * @param line  1-based line of the body where the task starts
 * @param index 0-based position in the {@code tasks} array (JSON form only)
 * @param id    the id the submitter gave, when it could be read
 * @param field the category of the problem, as tagged on {@code taskfleet.tasks.rejected}
 * @param error what to fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RejectedTask(long line, Integer index, String id, String field, String error) {

    static RejectedTask of(Rejection rejection) {
        return new RejectedTask(rejection.line(), rejection.index(), rejection.id(), rejection.field(), rejection.error());
    }
}
