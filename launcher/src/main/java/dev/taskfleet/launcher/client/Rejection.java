package dev.taskfleet.launcher.client;

/**
 * A task of a submitted batch the producer refused.
 *
 * @param line  1-based line of the body where the task starts (0 when not sent)
 * @param id    the task's id when the producer could read it, otherwise {@code null}
 * @param field the field or category of the problem, e.g. {@code prompt}, or {@code null}
 * @param error what to fix
 */
public record Rejection(int line, String id, String field, String error) {
}
