package dev.taskfleet.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.InFlightLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PolledRecordsCounterTest {

    private static final TopicPartition BUSY = new TopicPartition("t.tasks.fast", 0);
    private static final TopicPartition QUIET = new TopicPartition("t.tasks.fast", 1);

    private final List<FairIntake.Source> synced = new ArrayList<>();
    private final FairIntake intake = new FairIntake(new InFlightLimiter(1),
            new FairIntake.Bounds(4, 8, Duration.ofDays(1)), team -> 1, new FairIntake.Pauser() {
                @Override
                public void sync(FairIntake.Source source) {
                    synced.add(source);
                }

                @Override
                public void syncAll() {
                }
            }, System::nanoTime);

    @Test
    void eachPollCountsPerPartitionSoABusyPartitionIsPausedBeforeItsRecordsAreHandedOver() {
        // Its own intake: a Quarkus test's worker in this JVM may have registered one, and keeps it.
        PolledRecordsCounter counter = new PolledRecordsCounter(() -> intake);
        intake.assign(List.of(source(BUSY), source(QUIET)));
        synced.clear();

        ConsumerRecords<Object, Object> polled = records(Map.of(BUSY, 5, QUIET, 1));
        assertThat(counter.onConsume(polled)).as("the records pass through unchanged").isSameAs(polled);

        assertThat(intake.pauseWanted(source(BUSY))).as("5 polled, its share is 4").isTrue();
        assertThat(intake.pauseWanted(source(QUIET))).isFalse();
        assertThat(synced).containsExactly(source(BUSY));
    }

    @Test
    void pollsBeforeAnIntakeIsThereAreNotCounted() {
        new PolledRecordsCounter(() -> null).onConsume(records(Map.of(BUSY, 50)));

        assertThat(intake.pauseWanted(source(BUSY))).isFalse();
    }

    private static FairIntake.Source source(TopicPartition partition) {
        return new FairIntake.Source(partition.topic(), partition.partition());
    }

    private static ConsumerRecords<Object, Object> records(Map<TopicPartition, Integer> counts) {
        Map<TopicPartition, List<ConsumerRecord<Object, Object>>> byPartition = new HashMap<>();
        counts.forEach((partition, count) -> {
            List<ConsumerRecord<Object, Object>> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(new ConsumerRecord<>(partition.topic(), partition.partition(), i, "k" + i, new byte[0]));
            }
            byPartition.put(partition, list);
        });
        return new ConsumerRecords<>(byPartition, Map.of());
    }
}
