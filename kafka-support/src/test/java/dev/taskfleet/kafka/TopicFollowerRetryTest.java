package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How the follower meets errors, with a consumer that fails on cue (the one place a mocked
 * consumer is used: a broker cannot be made to time out on one call at will).
 */
class TopicFollowerRetryTest {

    private static final TopicPartition PARTITION = new TopicPartition("retry.topic", 0);
    private static final Backoff QUICK = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(20));

    /** Times out a given number of times in {@code partitionsFor} and in {@code position}, as with a broker away. */
    private static final class FlakyConsumer extends MockConsumer<byte[], byte[]> {
        final AtomicInteger lookupTimeouts = new AtomicInteger();
        final AtomicInteger positionTimeouts = new AtomicInteger();

        FlakyConsumer() {
            super("earliest");
            updatePartitions(PARTITION.topic(), List.of(new PartitionInfo(PARTITION.topic(), 0, null, null, null)));
            updateBeginningOffsets(Map.of(PARTITION, 0L));
            updateEndOffsets(Map.of(PARTITION, 0L));
        }

        @Override
        public synchronized List<PartitionInfo> partitionsFor(String topic) {
            if (lookupTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TimeoutException("Timeout expired while fetching topic metadata");
            }
            return super.partitionsFor(topic);
        }

        @Override
        public synchronized long position(TopicPartition partition) {
            if (positionTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TimeoutException("Timeout of 60000ms expired before the position could be determined");
            }
            return super.position(partition);
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>(PARTITION.topic(), 0, offset, null, new byte[] {(byte) offset});
    }

    private static TopicFollower.Builder follower(FlakyConsumer consumer, List<Long> seen) {
        return TopicFollower.builder("retry-test", List.of(PARTITION.topic()))
                .consumer(() -> consumer)
                .backoff(QUICK)
                .handler(r -> seen.add(r.offset()));
    }

    @Test
    void retriableErrorsAtStartAndWhileReadingAreRiddenOut() throws Exception {
        FlakyConsumer consumer = new FlakyConsumer();
        consumer.lookupTimeouts.set(3);
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (TopicFollower follower = follower(consumer, seen).build()) {
            follower.start();
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(consumer.lookupTimeouts.get()).isZero();

            consumer.positionTimeouts.set(2);
            consumer.schedulePollTask(() -> consumer.addRecord(record(0)));
            assertThat(follower.awaitApplied(PARTITION, 0, Duration.ofSeconds(10))).isTrue();
            assertThat(consumer.positionTimeouts.get()).isZero();
            assertThat(seen).containsExactly(0L);
            assertThat(follower.failure()).isNull();
        }
    }

    @Test
    void aNonRetriableErrorStopsItAndIsReported() {
        FlakyConsumer consumer = new FlakyConsumer();
        try (TopicFollower follower = follower(consumer, new CopyOnWriteArrayList<>()).build()) {
            follower.start();
            consumer.setPollException(new KafkaException("the topic authorization failed"));

            await().atMost(Duration.ofSeconds(10)).until(() -> follower.failure() != null);
            assertThat(follower.failure()).hasMessageContaining("authorization");
            await().atMost(Duration.ofSeconds(10)).until(() -> !follower.isRunning());
            assertThat(consumer.closed()).isTrue();
        }
    }

    @Test
    void aHandlerThatThrowsStopsItNamingTheRecord() {
        FlakyConsumer consumer = new FlakyConsumer();
        TopicFollower.Builder builder = TopicFollower.builder("retry-test", List.of(PARTITION.topic()))
                .consumer(() -> consumer)
                .handler(r -> {
                    throw new IllegalArgumentException("cannot read this one");
                });
        try (TopicFollower follower = builder.build()) {
            follower.start();
            consumer.schedulePollTask(() -> consumer.addRecord(record(0)));

            await().atMost(Duration.ofSeconds(10)).until(() -> follower.failure() != null);
            assertThat(follower.failure()).hasMessageContaining("retry.topic-0@0")
                    .hasRootCauseMessage("cannot read this one");
        }
    }
}
