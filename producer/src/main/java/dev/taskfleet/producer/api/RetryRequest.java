package dev.taskfleet.producer.api;

/**
 * The optional body of {@code POST /batches/{id}/retry}.
 *
 * @param tier the tier to re-run the failed tasks on; {@code null} keeps each task's own hint
 */
public record RetryRequest(String tier) {
}
