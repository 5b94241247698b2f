package dev.taskfleet.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A broker in a container ({@code apache/kafka} image) for machines that have Docker. Chosen
 * with {@code -Dtaskfleet.test.broker=testcontainers}; see {@link TestBrokers}.
 */
public final class ContainerKafkaBroker implements KafkaBroker {

    /** The image tag matches the Kafka client version the build uses. */
    public static final String IMAGE = "apache/kafka:4.1.2";

    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerKafkaBroker start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Testcontainers broker (" + IMAGE + ") at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
