package dev.taskfleet.producer.api;

/** The 202 replies of the batch actions. */
public final class ControlReceipts {

    private ControlReceipts() {
    }

    /**
     * A retry was published.
     *
     * @param batchId     the batch
     * @param run         the run number the re-published tasks carry
     * @param resubmitted how many failed tasks were re-published
     */
    public record Retried(String batchId, int run, long resubmitted) {
    }

    /**
     * A cancellation was published (or the batch already was cancelled).
     *
     * @param batchId the batch
     * @param state   always {@code CANCELLED}
     */
    public record Cancelled(String batchId, String state) {
    }
}
