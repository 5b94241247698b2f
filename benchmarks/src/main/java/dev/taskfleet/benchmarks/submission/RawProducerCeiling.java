package dev.taskfleet.benchmarks.submission;

import dev.taskfleet.benchmarks.BenchTopics;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling for a submission: a plain {@link KafkaProducer} with the producer service's settings
 * sending the very records the service published (read back from {@code <prefix>.tasks}, byte for
 * byte), from memory, with no HTTP, parsing or validation.
 */
final class RawProducerCeiling {

    private static final Duration POLL = Duration.ofMillis(500);

    private RawProducerCeiling() {
    }

    /** Every record of {@code batchId} on {@code topic}, in partition order; reads to the end offsets. */
    static List<ProducerRecord<byte[], byte[]>> readBatch(String bootstrapServers, String topic, String batchId,
                                                          String target) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskfleet-benchmark-readback",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (batchId.equals(batchOf(record.value()))) {
                        records.add(new ProducerRecord<>(target, record.key(), record.value()));
                    }
                }
            }
        }
        return records;
    }

    private static String batchOf(byte[] value) {
        try {
            return EventCodec.decodeTask(value).batchId();
        } catch (EventDecodingException e) {
            return null;
        }
    }

    /**
     * Sends {@code records} with a fresh producer (its metadata fetched before the clock starts)
     * and waits for every acknowledgement.
     *
     * @return first send to last acknowledgement, ms
     * @throws IllegalStateException if any send failed
     */
    static long timeSend(String bootstrapServers, List<ProducerRecord<byte[], byte[]>> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                BenchTopics.taskPublisherSettings(bootstrapServers, "taskfleet-benchmark-raw"))) {
            producer.partitionsFor(records.get(0).topic());
            long start = System.nanoTime();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
            }
            producer.flush();
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (failure.get() != null) {
                throw new IllegalStateException("the raw producer's sends failed", failure.get());
            }
            return elapsed;
        }
    }
}
