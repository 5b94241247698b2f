package dev.taskfleet.producer.tracking;

import static dev.taskfleet.testkit.BatchEventBuilder.aBatchEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.progress.BatchLedger;
import dev.taskfleet.producer.progress.SealedResults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class BatchTrackerTest {

    private static final TopicNames NAMES = new TopicNames("tracker-unit");
    private static final TopicPartition BATCHES = new TopicPartition(NAMES.batches(), 0);
    private static final TopicPartition RESULTS = new TopicPartition(NAMES.results(), 0);

    /** A consumer whose {@code position()} times out a given number of times, as with a broker away. */
    private static final class FlakyConsumer extends MockConsumer<byte[], byte[]> {
        final AtomicInteger timeoutsLeft = new AtomicInteger();

        FlakyConsumer() {
            super("earliest");
            for (TopicPartition tp : List.of(BATCHES, RESULTS)) {
                updatePartitions(tp.topic(), List.of(new PartitionInfo(tp.topic(), 0, null, null, null)));
            }
            updateBeginningOffsets(Map.of(BATCHES, 0L, RESULTS, 0L));
            updateEndOffsets(Map.of(BATCHES, 0L, RESULTS, 0L));
        }

        @Override
        public synchronized long position(TopicPartition partition) {
            if (timeoutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TimeoutException("Timeout of 60000ms expired before the position could be determined");
            }
            return super.position(partition);
        }
    }

    private static ConsumerRecord<byte[], byte[]> accepted(String batchId, long offset) {
        BatchEvent event = aBatchEvent().batch(batchId).team("team-a").accepted(1)
                .occurredAt(Instant.parse("2026-03-01T10:00:00Z")).build();
        return new ConsumerRecord<>(BATCHES.topic(), 0, offset, batchId.getBytes(StandardCharsets.UTF_8),
                EventCodec.encode(event).getBytes(StandardCharsets.UTF_8));
    }

    /** These tests finish no batch, so none is sealed and read back. */
    private static final SealedResults NO_SEALED_RESULTS = (spans, sink) -> {
        throw new AssertionError("no batch of this test finishes, so none should be read back");
    };

    @Test
    void aRetriableErrorDoesNotStopTheTracker() throws Exception {
        FlakyConsumer consumer = new FlakyConsumer();
        BatchLedger ledger = new BatchLedger(List.of("fast"), NO_SEALED_RESULTS);
        try (BatchTracker tracker = new BatchTracker(() -> consumer, NAMES, ledger, TrackerObserver.NONE, null)) {
            consumer.timeoutsLeft.set(3);
            tracker.start();
            // The tracker assigns its partitions on its own thread: add the record from there.
            consumer.schedulePollTask(() -> consumer.addRecord(accepted("b1", 0)));

            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.timeoutsLeft.get() == 0
                    && tracker.awaitApplied(BATCHES, 0, Duration.ofMillis(10)));
            assertThat(tracker.failure()).isNull();
            assertThat(ledger.status("b1")).isPresent();

            consumer.timeoutsLeft.set(1);
            consumer.addRecord(accepted("b2", 1));
            assertThat(tracker.awaitApplied(BATCHES, 1, Duration.ofSeconds(10))).isTrue();
            assertThat(tracker.failure()).isNull();
            assertThat(ledger.status("b2")).isPresent();
        }
    }

    @Test
    void aNonRetriableErrorStopsTheTrackerAndIsReported() throws Exception {
        FlakyConsumer consumer = new FlakyConsumer();
        try (BatchTracker tracker = new BatchTracker(() -> consumer, NAMES, new BatchLedger(List.of("fast"), NO_SEALED_RESULTS), TrackerObserver.NONE, null)) {
            tracker.start();
            consumer.setPollException(new KafkaException("the group authorization failed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> tracker.failure() != null);
            assertThat(tracker.failure()).hasMessageContaining("authorization");
        }
    }
}
