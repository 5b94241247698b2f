package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code <prefix>.batches} on a thread of its own and feeds every event to the
 * {@link CancellationRegistry}. Every worker needs every cancellation, so this is a plain consumer
 * that assigns itself all partitions, with no consumer group and no commits: at start it seeks to
 * the first event newer than {@code taskfleet.worker.cancellation-lookback} and then follows.
 *
 * <p>Partitions are looked up once at start; partitions added to the topic later are not read
 * until the worker restarts. Undecodable events are logged and skipped: they are the producer's
 * to fix and cannot be dead-lettered meaningfully by every worker at once. Closed on shutdown.
 */
@ApplicationScoped
public class BatchEventFollower {

    private static final Logger LOG = Logger.getLogger(BatchEventFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    WorkerConfig config;
    @Inject
    TopicNames topics;
    @Inject
    CancellationRegistry cancellations;

    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread follower;

    /** After {@link TopicSetup} (which runs first, at PLATFORM_BEFORE) has created the topic. */
    void onStart(@Observes StartupEvent event) {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-worker-batches-" + config.worker().tier());
        consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        String topic = topics.batches();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        seekToLookback(partitions, Instant.now().minus(config.worker().cancellationLookback()));
        follower = new Thread(this::follow, "batch-events");
        follower.setDaemon(true);
        follower.start();
        LOG.infof("following %s (%d partitions) for cancellations, from %s back", topic, partitions.size(),
                config.worker().cancellationLookback());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (consumer == null) {
            return;
        }
        consumer.wakeup();
        try {
            follower.join(POLL.multipliedBy(4).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void seekToLookback(List<TopicPartition> partitions, Instant from) {
        Map<TopicPartition, Long> timestamps = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(timestamps);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                // Nothing newer than the look-back: only events from now on matter.
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
            }
        } catch (WakeupException shutdown) {
            // onShutdown woke the consumer up: stop.
        } catch (RuntimeException e) {
            LOG.errorf(e, "stopped following %s; cancellations from now on are missed until a restart",
                    topics.batches());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        BatchEvent event;
        try {
            event = EventCodec.decodeBatchEvent(record.value());
        } catch (EventDecodingException e) {
            LOG.warnf("skipping batch event %s/%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(),
                    e.reasonCode(), e.getMessage());
            return;
        }
        cancellations.onEvent(event);
        if (event.type() == BatchEvent.Type.CANCELLED) {
            LOG.infof("batch %s run %d cancelled: its tasks not yet started end CANCELLED", event.batchId(),
                    event.run());
        }
    }
}
