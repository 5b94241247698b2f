package dev.taskfleet.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft broker in the test JVM, secured as production clusters are: clients connect
 * over SASL_SSL with SCRAM-SHA-512, the broker's certificate is signed by a CA made for the run
 * ({@link TestCertificates}), and Kafka's {@code StandardAuthorizer} refuses whatever no ACL
 * allows. Users and ACLs are the test's to add ({@link #addUser}, {@link #grant}).
 *
 * <p>Three listeners: {@code EXTERNAL} (SASL_SSL) is {@link #bootstrapServers()}, the one the
 * services get; {@code INTERNAL} (PLAINTEXT, localhost) carries the broker's own traffic and is
 * the test's ({@link #superUserBootstrapServers()}), and {@code CONTROLLER} (PLAINTEXT) the KRaft
 * quorum's. Connections without authentication are principal {@code User:ANONYMOUS}, the super
 * user, as a KRaft controller listener needs; only the test and the broker know those ports.
 *
 * <p>Whoever starts one closes it; it deletes its data and certificates then.
 */
public final class SecuredKafkaBroker implements KafkaBroker {

    /** The SASL mechanism of {@code EXTERNAL}, the chart's and Strimzi's. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The principal of the test's own clients and of the broker itself. */
    public static final String SUPER_USER = "User:ANONYMOUS";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final List<Logger> QUIETED = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(Logger::getLogger).toList();

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;
    private final TestCertificates certificates;
    private final String superUserBootstrap;

    private SecuredKafkaBroker(KafkaClusterTestKit cluster, Path dataDir, TestCertificates certificates) {
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.certificates = certificates;
        int internal = cluster.brokers().values().iterator().next().boundPort(new ListenerName("INTERNAL"));
        this.superUserBootstrap = "localhost:" + internal;
    }

    public static SecuredKafkaBroker start() {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        try {
            Path dataDir = Files.createTempDirectory("taskfleet-test-secured-kafka-");
            TestCertificates certificates = TestCertificates.create(dataDir.resolve("tls"));
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(dataDir.resolve("data"))
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            brokerSettings(certificates).forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.setDeleteOnClose(false).build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new SecuredKafkaBroker(cluster, dataDir, certificates);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the secured embedded Kafka broker", e);
        }
    }

    /** The broker's settings beyond the test kit's own: listeners, TLS, SCRAM, the authorizer. */
    static Map<String, String> brokerSettings(TestCertificates certificates) {
        Map<String, String> settings = new LinkedHashMap<>();
        // EXTERNAL and CONTROLLER get the ports the test kit binds before start; INTERNAL any free one.
        settings.put("listeners", "EXTERNAL://localhost:0,INTERNAL://localhost:0,CONTROLLER://localhost:0");
        settings.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", "INTERNAL");
        settings.put("listener.name.external.sasl.enabled.mechanisms", MECHANISM);
        settings.put("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        settings.put("listener.name.external.ssl.keystore.type", "PKCS12");
        settings.put("listener.name.external.ssl.keystore.location", certificates.brokerKeyStore().toString());
        settings.put("listener.name.external.ssl.keystore.password", certificates.brokerKeyStorePassword());
        settings.put("listener.name.external.ssl.key.password", certificates.brokerKeyStorePassword());
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("allow.everyone.if.no.acl.found", "false");
        settings.put("super.users", SUPER_USER);
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "3");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "3");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("auto.create.topics.enable", "false");
        return settings;
    }

    /** The SASL_SSL listener, for the clients under test. */
    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The PLAINTEXT listener whose clients are the super user: the test's own readers, writers and admin. */
    public String superUserBootstrapServers() {
        return superUserBootstrap;
    }

    @Override
    public String description() {
        return "secured embedded KRaft broker (SASL_SSL " + MECHANISM + ", StandardAuthorizer) at " + bootstrapServers();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * What a client logging in as {@code user} sets, as {@code kafka.*} keys without the prefix:
     * SASL_SSL, SCRAM-SHA-512, the JAAS line, and the run's CA as a PEM trust store.
     */
    public Map<String, String> clientSettings(String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>(transportSettings());
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return settings;
    }

    /** {@link #clientSettings} without the credentials: for clients that log in with files. */
    public Map<String, String> transportSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers());
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", certificates.caPem().toString());
        return settings;
    }

    /** Creates (or changes) a SCRAM-SHA-512 user and waits until it can log in. */
    public void addUser(String name, String password) {
        try (Admin admin = superUserAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create user " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> login = new LinkedHashMap<>(clientSettings(name, password));
        login.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        login.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        await("user " + name + " can log in").atMost(READY_TIMEOUT).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(login)) {
                return admin.describeCluster().clusterId().get() != null;
            }
        });
    }

    /** Adds ACLs and waits until the broker's authorizer applies them. */
    public void grant(Collection<AclBinding> acls) {
        try (Admin admin = superUserAdmin()) {
            admin.createAcls(acls).all().get();
            await("the broker applies " + acls.size() + " ACLs").atMost(READY_TIMEOUT)
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create ACLs " + acls, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every ACL the broker holds. */
    public Set<AclBinding> acls() {
        try (Admin admin = superUserAdmin()) {
            return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list the ACLs", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Admin superUserAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, superUserBootstrap));
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the secured embedded Kafka broker", e);
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dataDir, e);
        }
    }
}
