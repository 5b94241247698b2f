package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a batch as a whole, published on {@code <prefix>.batches} keyed by
 * batch id: it was accepted, its failed tasks were re-run, or it was cancelled. Together with the
 * results topic these events are the whole state of a batch, so any producer replica can rebuild
 * it after a restart, and workers learn of cancellations from them.
 *
 * @param schemaVersion contract version this event was written with
 * @param batchId       the batch
 * @param team          the team that owns the batch
 * @param type          what happened
 * @param occurredAt    when it happened
 * @param taskCount     ACCEPTED: tasks published; RETRIED: tasks re-published; CANCELLED: 0
 * @param run           ACCEPTED: 1; RETRIED: the run number the re-published tasks carry;
 *                      CANCELLED: the newest run at the time, whose unstarted tasks are cancelled
 * @param tier          RETRIED on a named tier: that tier; otherwise {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchEvent(
        int schemaVersion,
        String batchId,
        String team,
        Type type,
        Instant occurredAt,
        int taskCount,
        int run,
        String tier) {

    public BatchEvent {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(type, "type");
        team = team == null || team.isBlank() ? Task.DEFAULT_TEAM : team;
        run = Math.max(run, 1);
    }

    /** The kinds of batch event. */
    public enum Type {
        ACCEPTED,
        RETRIED,
        CANCELLED
    }
}
