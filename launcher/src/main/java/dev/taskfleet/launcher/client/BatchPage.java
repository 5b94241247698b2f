package dev.taskfleet.launcher.client;

import java.util.List;

/**
 * One page of {@code GET /api/v1/batches}: the caller's batches, newest first.
 *
 * @param batches    this page
 * @param nextCursor pass it to get the next page; {@code null} on the last page
 */
public record BatchPage(List<BatchStatus> batches, String nextCursor) {

    public BatchPage {
        batches = batches == null ? List.of() : List.copyOf(batches);
    }
}
