package dev.taskfleet.producer.progress;

import dev.taskfleet.contract.ResultSummary;
import java.util.Map;

/**
 * Reads back the results of a sealed batch: every result in the given stretches of the results
 * topic, in offset order per partition, the batch's and any other's (the ledger picks its own).
 * The producer's implementation reads Kafka; tests read a list.
 */
@FunctionalInterface
public interface SealedResults {

    /** Receives one result and where it sits. */
    @FunctionalInterface
    interface Sink {
        void accept(ResultSummary result, int partition, long offset);
    }

    /**
     * @param spans per results partition, the first and last offset to read (both included)
     * @param sink  receives the results, in offset order per partition
     */
    void read(Map<Integer, long[]> spans, Sink sink) throws Exception;
}
