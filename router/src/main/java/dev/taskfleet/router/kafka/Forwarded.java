package dev.taskfleet.router.kafka;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one input record turns into: the records to write in the same transaction as its offset,
 * and what to do once that transaction committed (count it).
 */
record Forwarded(List<ProducerRecord<byte[], byte[]>> records, Runnable afterCommit) {

    static Forwarded of(ProducerRecord<byte[], byte[]> record, Runnable afterCommit) {
        return new Forwarded(List.of(record), afterCommit);
    }

    /** Nothing to write for the record; only its offset is committed. */
    static Forwarded nothing(Runnable afterCommit) {
        return new Forwarded(List.of(), afterCommit);
    }
}
