package dev.taskfleet.producer.progress;

/**
 * A sealed batch's results could not be read back from the results topic: the broker did not
 * answer in time, or retention has deleted some of them. Says which batch and why.
 */
public final class SealedResultsUnavailableException extends RuntimeException {

    private final String batchId;
    private final boolean expired;

    SealedResultsUnavailableException(String batchId, String reason, boolean expired, Throwable cause) {
        super("the results of finished batch " + batchId + " could not be read back: " + reason, cause);
        this.batchId = batchId;
        this.expired = expired;
    }

    public String batchId() {
        return batchId;
    }

    /** Whether some results are gone for good (retention), rather than not readable right now. */
    public boolean expired() {
        return expired;
    }
}
