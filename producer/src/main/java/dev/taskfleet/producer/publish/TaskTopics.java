package dev.taskfleet.producer.publish;

import dev.taskfleet.contract.Priority;

/**
 * Where one batch's tasks go, per class, and which of those topics are too new to pipeline into.
 *
 * <p>Kafka 4.1.2 brokers can lose a request of an idempotent producer that has several in flight
 * to a partition created a moment before (KAFKA-15591): the first fails with NOT_LEADER while the
 * broker applies the new partition, the next is written, and the first then retries with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout, failing the upload after minutes. So a
 * publication waits for each write to a {@linkplain #isNew new} topic until every partition of it
 * has one acknowledged, and pipelines from then on.
 */
@FunctionalInterface
interface TaskTopics {

    /** The topic of a task of {@code priority}; may make it first (an inbox lane). */
    String topicFor(Priority priority);

    /** Whether {@code topic} was made so recently that no write to each of its partitions has been acknowledged yet. */
    default boolean isNew(String topic) {
        return false;
    }

    /** Told once every partition of {@code topic} has had a write acknowledged: it is not new any more. */
    default void established(String topic) {
    }
}
