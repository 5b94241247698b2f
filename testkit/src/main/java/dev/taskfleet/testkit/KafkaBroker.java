package dev.taskfleet.testkit;

/** A running Kafka broker for tests. Whoever starts one closes it. */
public interface KafkaBroker extends AutoCloseable {

    /** The {@code host:port} list clients connect to. */
    String bootstrapServers();

    /** What kind of broker this is, for test logs. */
    String description();

    @Override
    void close();
}
