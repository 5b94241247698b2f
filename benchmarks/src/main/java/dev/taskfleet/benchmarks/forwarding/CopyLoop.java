package dev.taskfleet.benchmarks.forwarding;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baselines the router is compared with: a consume-produce copy of the records, byte for
 * byte, to the same partition number of another topic, with the client settings the router
 * uses (read_committed, acks=all, idempotent, the producer's batching given by the caller, the
 * client defaults otherwise) and none of its work (no decoding, no policy, no encoding).
 * {@linkplain #plain Plain}: sends, then commits offsets asynchronously per poll (at least once).
 * {@linkplain #transactional Transactional}: each poll in one transaction with its offsets, as the
 * router did before it spanned polls (exactly once). The pipeline benchmark chains three plain
 * ones, with Kafka's default batching, as its bare 3-hop copy.
 */
public final class CopyLoop {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String input;
    private final String output;
    private final String group;
    private final boolean transactional;
    private final int maxPollRecords;
    private final Map<String, Object> batching;

    private CopyLoop(String bootstrapServers, String input, String output, String group, boolean transactional,
                     int maxPollRecords, Map<String, Object> batching) {
        this.bootstrapServers = bootstrapServers;
        this.input = input;
        this.output = output;
        this.group = group;
        this.transactional = transactional;
        this.maxPollRecords = maxPollRecords;
        this.batching = Map.copyOf(batching);
    }

    /** @param batching the producer's {@code linger.ms} and {@code batch.size}, or none for Kafka's defaults */
    public static CopyLoop plain(String bootstrapServers, String input, String output, String group, int maxPollRecords,
                                 Map<String, Object> batching) {
        return new CopyLoop(bootstrapServers, input, output, group, false, maxPollRecords, batching);
    }

    /** @param batching the producer's {@code linger.ms} and {@code batch.size}, or none for Kafka's defaults */
    public static CopyLoop transactional(String bootstrapServers, String input, String output, String group,
                                         int maxPollRecords, Map<String, Object> batching) {
        return new CopyLoop(bootstrapServers, input, output, group, true, maxPollRecords, batching);
    }

    /** Copies until {@code expected} records have been copied and committed. */
    public void copy(long expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings())) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(input));
            long copied = 0;
            while (copied < expected) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                if (transactional) {
                    producer.beginTransaction();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(output, record.partition(), record.key(), record.value()));
                }
                copied += records.count();
                if (transactional) {
                    producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
                    producer.commitTransaction();
                } else if (copied < expected) {
                    consumer.commitAsync(nextOffsets(records), null);
                } else {
                    producer.flush();
                    consumer.commitSync(nextOffsets(records));
                }
            }
        }
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    private Map<String, Object> producerSettings() {
        Map<String, Object> config = new HashMap<>(batching);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, group);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactional) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        }
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }
}
