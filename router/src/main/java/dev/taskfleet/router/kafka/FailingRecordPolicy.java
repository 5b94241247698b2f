package dev.taskfleet.router.kafka;

import dev.taskfleet.kafka.DeadLetterRecords;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * What the forwarding loop does about inputs whose transaction keeps aborting. An output the
 * broker refuses for good (too large, say) would fail every retry of its batch, stalling the
 * router forever with liveness UP; so after {@code maxAbortedAttempts} aborts in a row on the
 * same input the loop gives up, naming the record. A dead letter refused as too large is first
 * retried without its value (its headers still say where it came from and why).
 *
 * <p>Used on the forwarding loop's thread only: {@link #outgoing} for each output of a
 * transaction, then {@link #aborted} or {@link #committed}.
 */
final class FailingRecordPolicy {

    /** Aborts in a row of the same input after which the loop gives up rather than stall unnoticed. */
    static final int MAX_ABORTED_ATTEMPTS = 10;
    private static final Logger LOG = Logger.getLogger(FailingRecordPolicy.class);

    private final int maxAbortedAttempts;
    /** Inputs ({@link #coordinates}) whose dead letter the broker refused as too large. */
    private final Set<String> deadLettersWithoutValue = new HashSet<>();
    private String lastAbortedOn;
    private int abortedInARow;

    FailingRecordPolicy(int maxAbortedAttempts) {
        this.maxAbortedAttempts = maxAbortedAttempts;
    }

    /** One output written in the current transaction, with the input it came from. */
    record Sent(ConsumerRecord<byte[], byte[]> source, ProducerRecord<byte[], byte[]> out,
            Future<RecordMetadata> result) {

        /** Why the write failed, or {@code null} while it is in flight or once it succeeded. */
        Throwable error() {
            if (!result.isDone()) {
                return null;
            }
            try {
                result.get();
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (CancellationException e) {
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** The record to write for {@code out}: itself, or its dead letter without the value that was too large. */
    ProducerRecord<byte[], byte[]> outgoing(ConsumerRecord<byte[], byte[]> source, ProducerRecord<byte[], byte[]> out) {
        // Empty but after a dead letter was refused: no coordinates string is built per record.
        if (!deadLettersWithoutValue.isEmpty() && deadLettersWithoutValue.contains(coordinates(source))
                && DeadLetterRecords.isDeadLetter(out)) {
            return DeadLetterRecords.withoutValue(out);
        }
        return out;
    }

    /**
     * Counts an abort on its input (the record whose output failed, else the first offset the
     * transaction read on each partition).
     *
     * @throws FatalForwardingException after too many aborts in a row on the same input
     */
    void aborted(Map<TopicPartition, Long> firstOffsets, List<Sent> sent) {
        Sent failed = null;
        Throwable error = null;
        for (Sent s : sent) {
            error = s.error();
            if (error != null) {
                failed = s;
                break;
            }
        }
        String abortedOn = failed != null ? coordinates(failed.source()) : firstOffsets(firstOffsets);
        if (failed != null && error instanceof RecordTooLargeException && failed.out().value() != null
                && DeadLetterRecords.isDeadLetter(failed.out())) {
            deadLettersWithoutValue.add(abortedOn);
            LOG.warnf("dead letter of record %s is too large for %s; retrying it without its value", abortedOn,
                    failed.out().topic());
        }
        abortedInARow = abortedOn.equals(lastAbortedOn) ? abortedInARow + 1 : 1;
        lastAbortedOn = abortedOn;
        if (abortedInARow >= maxAbortedAttempts) {
            String cause = failed == null ? "" : "; the write to " + failed.out().topic() + " failed: " + error;
            throw new FatalForwardingException(abortedInARow + " transactions in a row aborted on record " + abortedOn
                    + cause, error);
        }
    }

    /** A transaction committed: whatever kept failing is behind us. */
    void committed() {
        lastAbortedOn = null;
        abortedInARow = 0;
        deadLettersWithoutValue.clear();
    }

    private static String coordinates(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String firstOffsets(Map<TopicPartition, Long> firstOffsets) {
        Map<String, Long> first = new TreeMap<>();
        firstOffsets.forEach((partition, offset) -> first.put(partition.toString(), offset));
        return first.toString();
    }
}
