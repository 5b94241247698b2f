package dev.taskfleet.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.kafka.RefusalReporter;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The forwarding producer batches like the task producer unless configured otherwise, and keeps its guarantees whatever is configured. */
class RouterKafkaClientsTest {

    @Test
    void batchesUpTo128KibFilledForTenMillisecondsByDefault() {
        Map<String, Object> config = settings(Map.of("bootstrap.servers", "kafka:9092"));

        assertThat(config).containsEntry("linger.ms", 10).containsEntry("batch.size", 131_072)
                .containsEntry("transactional.id", "taskfleet-router-0").containsEntry("client.id", "router-0")
                .containsEntry("interceptor.classes", RefusalReporter.class.getName())
                .containsEntry("value.serializer", ByteArraySerializer.class.getName());
    }

    @Test
    void configuredBatchingWins() {
        Map<String, Object> config = settings(Map.of("bootstrap.servers", "kafka:9092", "linger.ms", "0",
                "batch.size", "16384"));

        assertThat(config).containsEntry("linger.ms", "0").containsEntry("batch.size", "16384");
    }

    @Test
    void configuredSettingsCannotWeakenExactlyOnce() {
        Map<String, Object> config = settings(Map.of("bootstrap.servers", "kafka:9092", "acks", "1",
                "enable.idempotence", "false", "transactional.id", "someone-else",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));

        assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("transactional.id", "taskfleet-router-0")
                .containsEntry("value.serializer", ByteArraySerializer.class.getName());
    }

    private static Map<String, Object> settings(Map<String, Object> kafka) {
        return RouterKafkaClients.transactionalProducerSettings(KafkaClientSettings.of(kafka, KafkaLogin.none()),
                "router-0", "taskfleet-router-0");
    }
}
