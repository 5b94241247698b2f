package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.execution.TooLargeResults;
import dev.taskfleet.worker.execution.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The records a batch tier writes, built in one place: results and escalation requests keyed by
 * task id, dead letters through kafka-support's builder, and the provider-batch records and
 * tombstones on the partition of their provider batch. A finished request's record is sized before
 * it joins a transaction ({@link #finished}), for a record the producer refuses would abort the
 * provider batch's every result, again at each try.
 */
final class TierRecords {

    private static final Logger LOG = Logger.getLogger(TierRecords.class);

    /**
     * A dead letter's value above this many bytes is dropped from the copy: the copy's own headers
     * could push a record that only just fitted the tier topic past the broker's limit, and a
     * refused record would abort every transaction it is in.
     */
    static final int MAX_DEAD_LETTER_VALUE = 900_000;

    private final TopicNames topics;
    private final RecordSizeLimit limit;

    /** @param limit the transactional producer's {@code max.request.size}, and the topics' {@code max.message.bytes} */
    TierRecords(TopicNames topics, RecordSizeLimit limit) {
        this.topics = topics;
        this.limit = limit;
    }

    /** A finished request as it is written and counted: its record, and the verdict that record carries. */
    record Written(RequestResolver.Finished finished, ProducerRecord<byte[], byte[]> record) {
    }

    /**
     * The record of a finished request of provider batch {@code partition}, within the producer's
     * limit: a result whose answer makes it too large becomes FAILED {@code OUTPUT_TOO_LARGE} without
     * the answer (as on chat tiers); one too large even so, or an escalation request too large, becomes
     * a {@code WORKER_ERROR} dead letter of the routed task, which fitted the provider-batches topic.
     */
    Written finished(int partition, ProviderBatchRequest request, RequestResolver.Finished finished) {
        ProducerRecord<byte[], byte[]> record = verdict(finished.verdict());
        if (limit.fits(record)) {
            return new Written(finished, record);
        }
        int size = RecordSizeLimit.sizeOf(record);
        if (finished.verdict() instanceof Verdict.Final done && done.result().output() != null) {
            TaskResult failed = TooLargeResults.withoutAnswer(done.result(), size);
            LOG.warnf("the result of task %s is %d bytes, more than the %s; written as %s without the answer",
                    failed.taskId(), size, limit.describe(record.topic()), failed.error().code());
            finished = new RequestResolver.Finished(new Verdict.Final(failed), finished.call());
            record = result(failed);
            if (limit.fits(record)) {
                return new Written(finished, record);
            }
            size = RecordSizeLimit.sizeOf(record);
        }
        String reason = "the " + (finished.verdict() instanceof Verdict.Final ? "result" : "escalation request")
                + " of this task is " + size + " bytes, more than the " + limit.describe(record.topic());
        LOG.errorf("task %s: %s; its routed task is dead-lettered", request.routed().task().id(), reason);
        return new Written(finished, deadLetterOfTask(partition, request, reason));
    }

    ProducerRecord<byte[], byte[]> result(TaskResult result) {
        return new ProducerRecord<>(topics.results(), bytes(result.taskId()), bytes(EventCodec.encode(result)));
    }

    ProducerRecord<byte[], byte[]> escalation(EscalationRequest request) {
        return new ProducerRecord<>(topics.escalations(), bytes(request.task().id()), bytes(EventCodec.encode(request)));
    }

    /** A result or an escalation request, as the verdict says. */
    ProducerRecord<byte[], byte[]> verdict(Verdict verdict) {
        if (verdict instanceof Verdict.Final done) {
            return result(done.result());
        }
        if (verdict instanceof Verdict.Escalate escalate) {
            return escalation(escalate.request());
        }
        // A provider batch's requests are settled from its own partition's records, never handed over one by one.
        throw new IllegalArgumentException("a batch tier writes a result or an escalation request, not " + verdict);
    }

    ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, String reasonCode, String reason) {
        ProducerRecord<byte[], byte[]> copy = DeadLetterRecords.of(topics.deadLetters(), source,
                new DeadLetter(reasonCode, reason, DeadLetterHeaders.WORKER));
        // The producer's and the DLQ topic's limits too: a refused copy would abort the intake.
        return source.value() != null && (source.value().length > MAX_DEAD_LETTER_VALUE || !limit.fits(copy))
                ? DeadLetterRecords.withoutValue(copy) : copy;
    }

    ProducerRecord<byte[], byte[]> batch(int partition, ProviderBatch batch) {
        return new ProducerRecord<>(topics.providerBatches(), partition, bytes(batch.key()), bytes(EventCodec.encode(batch)));
    }

    ProducerRecord<byte[], byte[]> request(int partition, ProviderBatchRequest request) {
        return new ProducerRecord<>(topics.providerBatches(), partition, bytes(request.key()),
                bytes(EventCodec.encode(request)));
    }

    /** The tombstone of a provider batch (a request's with a request's key). */
    ProducerRecord<byte[], byte[]> tombstone(int partition, String key) {
        return new ProducerRecord<>(topics.providerBatches(), partition, bytes(key), null);
    }

    /**
     * The routed task of {@code request} as a dead letter: it fitted once, inside the request. The
     * request is tombstoned in the same transaction, so the source offset is unknown (-1); the
     * provider-batch partition is named.
     */
    private ProducerRecord<byte[], byte[]> deadLetterOfTask(int partition, ProviderBatchRequest request,
            String reason) {
        return new ProducerRecord<>(topics.deadLetters(), null, bytes(request.routed().task().id()),
                bytes(EventCodec.encode(request.routed())), DeadLetterRecords.headers(topics.providerBatches(),
                        partition, -1, List.of(), new DeadLetter(DeadLetterReasons.WORKER_ERROR, reason,
                                DeadLetterHeaders.WORKER)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
