package dev.taskfleet.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The batching of a producer that writes a stream of tasks: batches of up to 128 KiB per
 * partition, filled for up to 10 ms. Kafka's defaults (16 KiB, 5 ms) hold about a dozen 1.3 KB
 * tasks, so a writer spread over a dozen partitions sends a request for every few records, and
 * the broker's work per request, not per byte, dominates its CPU. The producer (the REST upload)
 * and the router (the tier topics) start from these; {@code kafka.linger.ms} and
 * {@code kafka.batch.size} override them.
 */
public final class ProducerBatching {

    /** How long a batch waits for more records ({@code linger.ms}). */
    private static final int LINGER_MS = 10;
    /**
     * The most bytes a batch for one partition holds ({@code batch.size}). Kafka's 32 MiB
     * {@code buffer.memory} holds a batch for each of 256 partitions written at once; past that a
     * send waits for sent batches to free their memory.
     */
    private static final int BATCH_BYTES = 131_072;

    private ProducerBatching() {
    }

    /** The two settings, to be put before the configured {@code kafka.*} ones so those win. */
    public static Map<String, Object> defaults() {
        return Map.of(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS, ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    }
}
