package dev.taskfleet.producer.progress;

import java.util.List;

/**
 * One page of a team's batches, newest first.
 *
 * @param batches    the batches on this page
 * @param nextCursor pass it back for the next page; {@code null} on the last page
 */
public record BatchPage(List<BatchStatus> batches, String nextCursor) {

    public BatchPage {
        batches = List.copyOf(batches);
    }
}
