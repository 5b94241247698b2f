package dev.taskfleet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void sharedBrokerCarriesRecordsFromProducerToCollector() {
        KafkaBroker broker = TestBrokers.shared();
        KafkaTestClients.createTopics(broker.bootstrapServers(), 2, List.of("kit.roundtrip"));

        try (TopicCollector collector = new TopicCollector(broker.bootstrapServers(), "kit.roundtrip")) {
            KafkaTestClients.send(broker.bootstrapServers(), "kit.roundtrip", "k1", "hello");

            await().atMost(Duration.ofSeconds(30)).until(() -> collector.size() == 1);
            assertThat(collector.records().get(0).key()).isEqualTo("k1");
            assertThat(collector.records().get(0).value()).isEqualTo("hello");
        }
    }

    @Test
    void topicAutoCreationIsOffSoServicesMustCreateTheirTopics() {
        KafkaBroker broker = TestBrokers.shared();

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        KafkaTestClients.send(broker.bootstrapServers() , "kit.never-created", "k", "v"))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void unknownBrokerKindIsRefusedWithTheChoices() {
        String previous = System.getProperty(TestBrokers.SWITCH_PROPERTY);
        System.setProperty(TestBrokers.SWITCH_PROPERTY, "kubernetes");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(TestBrokers::startRequested)
                    .hasMessageContaining("'embedded' or 'testcontainers'");
        } finally {
            if (previous == null) {
                System.clearProperty(TestBrokers.SWITCH_PROPERTY);
            } else {
                System.setProperty(TestBrokers.SWITCH_PROPERTY, previous);
            }
        }
    }
}
