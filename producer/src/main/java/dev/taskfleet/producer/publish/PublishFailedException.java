package dev.taskfleet.producer.publish;

/**
 * Kafka did not take every task of a batch. Thrown from the sink to stop reading the body;
 * {@link BatchPublication#settle()} then tells how many of the batch's tasks were published.
 */
public class PublishFailedException extends RuntimeException {

    private final String batchId;

    public PublishFailedException(String batchId, String reason, Throwable cause) {
        super("publishing batch " + batchId + " failed: " + reason, cause);
        this.batchId = batchId;
    }

    public String batchId() {
        return batchId;
    }
}
