package dev.taskfleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The optional body of {@code POST /api/v1/batches/{id}/retry}; no body, or {@code {}}, keeps
 * each task's own tier hint.
 *
 * @param tier the tier to re-run the failed tasks on (one of the fleet's tiers); absent keeps
 *             each task's own hint
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryRequest(String tier) {
}
