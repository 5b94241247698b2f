package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.worker.execution.Verdict;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records a batch tier writes, built in one place: results and escalation requests keyed by
 * task id, dead letters through kafka-support's builder, and the provider-batch records and
 * tombstones on the partition of their provider batch.
 */
final class TierRecords {

    /**
     * A dead letter's value above this many bytes is dropped from the copy: the copy's own headers
     * could push a record that only just fitted the tier topic past the broker's limit, and a
     * refused record would abort every transaction it is in.
     */
    static final int MAX_DEAD_LETTER_VALUE = 900_000;

    private final TopicNames topics;

    TierRecords(TopicNames topics) {
        this.topics = topics;
    }

    ProducerRecord<byte[], byte[]> result(TaskResult result) {
        return new ProducerRecord<>(topics.results(), bytes(result.taskId()), bytes(EventCodec.encode(result)));
    }

    ProducerRecord<byte[], byte[]> escalation(EscalationRequest request) {
        return new ProducerRecord<>(topics.escalations(), bytes(request.task().id()), bytes(EventCodec.encode(request)));
    }

    /** A result or an escalation request, as the verdict says. */
    ProducerRecord<byte[], byte[]> verdict(Verdict verdict) {
        return verdict instanceof Verdict.Final done ? result(done.result())
                : escalation(((Verdict.Escalate) verdict).request());
    }

    ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, String reasonCode, String reason) {
        ProducerRecord<byte[], byte[]> copy = DeadLetterRecords.of(topics.deadLetters(), source,
                new DeadLetter(reasonCode, reason, DeadLetterHeaders.WORKER));
        return source.value() != null && source.value().length > MAX_DEAD_LETTER_VALUE
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
