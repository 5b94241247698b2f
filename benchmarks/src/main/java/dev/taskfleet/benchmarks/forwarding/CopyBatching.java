package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.kafka.ProducerBatching;
import java.util.Map;

/** Which producer batching the copies use: the router's, so they differ from it only by its work, or Kafka's defaults. */
public enum CopyBatching {
    /** {@link ProducerBatching#defaults()}, as the router's forwarding producer. */
    ROUTER(ProducerBatching.defaults()),
    /** Kafka's own defaults ({@code linger.ms=5}, {@code batch.size=16384}). */
    KAFKA(Map.of());

    private final Map<String, Object> settings;

    CopyBatching(Map<String, Object> settings) {
        this.settings = settings;
    }

    /** The producer settings to put before the copy's own. */
    public Map<String, Object> settings() {
        return settings;
    }
}
