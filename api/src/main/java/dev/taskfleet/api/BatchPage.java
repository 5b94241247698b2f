package dev.taskfleet.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of {@code GET /api/v1/batches}: the caller's team's batches, newest first.
 *
 * @param batches    the batches on this page
 * @param nextCursor pass it back as {@code cursor} for the next page; {@code null} on the last page
 */
public record BatchPage(
        @Schema(required = true) List<BatchStatus> batches,
        @Schema(required = true) String nextCursor) {

    public BatchPage {
        batches = batches == null ? List.of() : List.copyOf(batches);
    }
}
