package dev.taskfleet.testkit;

import dev.taskfleet.config.FleetKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the shared test broker:
 * {@code @QuarkusTestResource(KafkaTestResource.class)}. An init arg {@code topic-prefix} gives
 * the application under test its own topics on the shared broker.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC_PREFIX_ARG = "topic-prefix";

    private String topicPrefix;

    @Override
    public void init(Map<String, String> initArgs) {
        topicPrefix = initArgs.get(TOPIC_PREFIX_ARG);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", TestBrokers.shared().bootstrapServers());
        config.put("quarkus.kafka.devservices.enabled", "false");
        if (topicPrefix != null) {
            config.put(FleetKeys.TOPIC_PREFIX, topicPrefix);
        }
        return config;
    }

    @Override
    public void stop() {
        // The broker is shared by every test in this JVM and closed when the JVM exits.
    }
}
