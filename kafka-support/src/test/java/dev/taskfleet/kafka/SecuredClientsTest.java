package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.SecuredKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients built from {@link KafkaClientSettings} with login files connect to a SASL_SSL broker
 * with the standard authorizer and do what their ACLs allow; what the ACLs do not allow is
 * refused, named once in the log and recorded for the health checks.
 */
class SecuredClientsTest {

    private static final String USER = "svc-secured-clients";
    private static final String ALLOWED = "secured.allowed";
    private static final String FORBIDDEN = "secured.forbidden";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static SecuredKafkaBroker broker;
    private static KafkaClientSettings settings;
    private static final List<String> refusalLines = new CopyOnWriteArrayList<>();
    private static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            refusalLines.add(String.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void startSecuredBroker(@TempDir Path dir) throws Exception {
        broker = SecuredKafkaBroker.start();
        String password = "pw-" + System.nanoTime();
        broker.addUser(USER, password);
        ResourcePattern allowed = new ResourcePattern(ResourceType.TOPIC, ALLOWED, PatternType.LITERAL);
        broker.grant(List.of(allow(allowed, AclOperation.CREATE), allow(allowed, AclOperation.WRITE),
                allow(allowed, AclOperation.READ)));
        KafkaTestClients.createTopics(broker.superUserBootstrapServers(), 2, List.of(FORBIDDEN));
        settings = KafkaClientSettings.of(broker.transportSettings(), KafkaLogin.files(
                Files.writeString(dir.resolve("username"), USER + "\n"), Files.writeString(dir.resolve("password"), password)));
        Logger.getLogger(AccessRefusals.class.getName()).addHandler(capture);
    }

    @AfterAll
    static void stopBroker() {
        Logger.getLogger(AccessRefusals.class.getName()).removeHandler(capture);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void clientsLogInWithTheirFilesAndDoWhatTheirAclsAllow() throws Exception {
        try (Admin admin = Admin.create(settings.admin("secured-admin"))) {
            new TopicProvisioner(admin, TIMEOUT).ensure(List.of(new TopicSpec(ALLOWED, 2, (short) 1)));
        }
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(ALLOWED, "k", "v")).get();
        }
        List<String> read = new CopyOnWriteArrayList<>();
        try (TopicFollower follower = TopicFollower.builder("allowed", List.of(ALLOWED))
                .consumer(() -> new KafkaConsumer<>(settings.follower("secured-reader")))
                .principal(settings.principal())
                .handler(record -> read.add(new String(record.value())))
                .build()) {
            follower.start();
            assertThat(follower.awaitCaughtUp(TIMEOUT)).isTrue();
            assertThat(read).containsExactly("v");
        }
        assertThat(settings.principal()).isEqualTo("User:" + USER);
    }

    @Test
    void aForbiddenWriteIsRefusedAndNamedOnceWithPrincipalOperationAndTopic() {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(FORBIDDEN, "k", "v")).get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        String refusal = "Kafka refused User:" + USER + " WRITE on topic " + FORBIDDEN;
        assertThat(refusalLines).filteredOn(line -> line.startsWith(refusal)).as("logged once, not per record").hasSize(1);
        assertThat(AccessRefusals.jvm().reason()).hasValueSatisfying(reason -> assertThat(reason).contains(refusal));
    }

    @Test
    void aForbiddenReadStopsTheFollowerWithTheRefusalAsItsReason() {
        TopicFollower follower = TopicFollower.builder("forbidden", List.of(FORBIDDEN))
                .consumer(() -> new KafkaConsumer<>(settings.follower("secured-forbidden-reader")))
                .principal(settings.principal())
                .handler(record -> { })
                .build();
        try (follower) {
            follower.start();
            await().atMost(TIMEOUT).until(() -> follower.failure() != null);
        }
        assertThat(follower.failure()).isInstanceOf(TopicAuthorizationException.class);
        String refusal = "Kafka refused User:" + USER + " READ on topic " + FORBIDDEN;
        assertThat(refusalLines).filteredOn(line -> line.startsWith(refusal)).hasSize(1);
        assertThat(AccessRefusals.jvm().refusals()).contains(new AccessRefusal("User:" + USER, "READ", "topic", FORBIDDEN));
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> config = settings.producer("secured-producer");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static AclBinding allow(ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
    }
}
