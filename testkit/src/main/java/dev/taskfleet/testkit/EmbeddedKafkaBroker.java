package dev.taskfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker (combined broker and controller) running inside the test JVM
 * from Kafka's own server classes, on random ports. Starts in a few seconds, needs no Docker.
 *
 * <p>Topic auto-creation is off, as it should be in production, so a test fails if a service
 * forgets to create a topic it uses.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, Path dataDir) {
        this.cluster = cluster;
        this.dataDir = dataDir;
    }

    /**
     * The broker's own loggers, held here because java.util.logging keeps loggers only weakly
     * and would forget a level set on one nobody references.
     */
    private static final List<Logger> QUIETED = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(Logger::getLogger).toList();

    public static EmbeddedKafkaBroker start() {
        // The broker logs every partition change at INFO; a test log full of them hides the
        // lines that explain a failure.
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        try {
            // Our own data folder, deleted after close(): the kit's own clean-up runs in a JVM
            // shutdown hook that races the broker's last checkpoint writes.
            Path dataDir = Files.createTempDirectory("taskfleet-test-kafka-");
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(dataDir)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "3")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("log.cleaner.dedupe.buffer.size", "2097152")
                    .setDeleteOnClose(false)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafkaBroker(cluster, dataDir);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public String description() {
        return "embedded KRaft broker at " + bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded Kafka broker", e);
        }
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
