package dev.taskfleet.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker of {@code local --secure}, as a real broker JVM from {@code target/lib}: the
 * services' SCRAM-SHA-512 users the launcher creates can log in and write, a wrong password is
 * refused, and the files holding passwords are readable by their owner only.
 */
class SecuredBrokerProcessTest {

    private static final Path LIB = Path.of("target", "lib");

    @TempDir
    Path dir;

    @Test
    void theServicesLogInWithTheirGeneratedFilesAndAWrongPasswordIsRefused() throws Exception {
        BrokerLogins logins = BrokerLogins.create(dir.resolve("logins"), List.of("producer", "worker-fast"));
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("kafka"), LIB, 0, 0, dir.resolve("logs"), logins)) {
            broker.awaitReady(Duration.ofMinutes(2));
            logins.createUsers(broker.bootstrapServers());
            try (Admin admin = Admin.create(broker.adminSettings())) {
                admin.createTopics(List.of(new NewTopic("secured-round-trip", 1, (short) 1))).all().get();
            }

            KafkaClientSettings producer = settings(broker, logins.directory().resolve("producer"));
            assertThat(producer.principal()).isEqualTo("User:producer");
            try (KafkaProducer<String, String> client = new KafkaProducer<>(producer.producer("secured-test"),
                    new StringSerializer(), new StringSerializer())) {
                assertThat(client.send(new ProducerRecord<>("secured-round-trip", "k", "v")).get().offset()).isZero();
            }

            Path impostor = Files.createDirectories(dir.resolve("impostor"));
            Files.writeString(impostor.resolve("username"), "producer");
            Files.writeString(impostor.resolve("password"), "not-the-password");
            // A failed authentication is final, so the admin client reports it at once, not after its timeout.
            try (Admin admin = Admin.create(settings(broker, impostor).admin("secured-test-impostor"))) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }

        for (Path secret : List.of(dir.resolve("logins/producer/password"), dir.resolve("logins/admin/password"),
                dir.resolve("kafka/server.properties"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(dir.resolve("logs/broker.log"))).doesNotContain(
                Files.readString(dir.resolve("logins/producer/password")));
    }

    private static KafkaClientSettings settings(BrokerProcess broker, Path login) {
        Map<String, Object> kafka = new HashMap<>();
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        kafka.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        kafka.put("sasl.mechanism", BrokerLogins.MECHANISM);
        return KafkaClientSettings.of(kafka, KafkaLogin.files(login.resolve("username"), login.resolve("password")));
    }
}
