package dev.taskfleet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Docker path of the broker switch. An extra for machines with Docker: it is skipped where
 * no engine answers, and the embedded broker tests cover the same behaviour everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaBrokerTest {

    @Test
    void containerBrokerCarriesRecordsLikeTheEmbeddedOne() {
        try (ContainerKafkaBroker broker = ContainerKafkaBroker.start()) {
            KafkaTestClients.createTopics(broker.bootstrapServers(), 1, List.of("kit.container"));
            try (TopicCollector collector = new TopicCollector(broker.bootstrapServers(), "kit.container")) {
                KafkaTestClients.send(broker.bootstrapServers(), "kit.container", "k", "v");

                await().atMost(Duration.ofSeconds(60)).until(() -> collector.size() == 1);
                assertThat(collector.records().get(0).value()).isEqualTo("v");
            }
        }
    }
}
