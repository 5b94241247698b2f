package dev.taskfleet.producer.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Limits small enough that a test can break them with a few kilobytes. */
public class SmallLimitsProfile implements QuarkusTestProfile {

    static final int MAX_BATCH_BYTES = 64 * 1024;
    static final int MAX_TASKS = 1_000;
    /** Below the default line limit (1 MiB), so a task within every other limit can be too large for Kafka. */
    static final int MAX_REQUEST_SIZE = 32 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "taskfleet.producer.max-batch-bytes", String.valueOf(MAX_BATCH_BYTES),
                "taskfleet.producer.max-tasks-per-batch", String.valueOf(MAX_TASKS),
                "taskfleet.topics.partitions", "3",
                "kafka.max.request.size", String.valueOf(MAX_REQUEST_SIZE),
                // These tests are about the body; authentication has its own test.
                "taskfleet.auth.enabled", "false");
    }
}
