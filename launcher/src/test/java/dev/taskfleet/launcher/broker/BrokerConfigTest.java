package dev.taskfleet.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    private final BrokerConfig config = new BrokerConfig(19092, 19093, Path.of("/tmp/tf/kafka/data"));

    private Properties written() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(config.serverProperties()));
        return properties;
    }

    @Test
    void isACombinedKraftNodeOnLocalhostPorts() throws Exception {
        Properties p = written();

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
        assertThat(p.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("localhost:19093");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/tmp/tf/kafka/data");
        assertThat(config.bootstrapServers()).isEqualTo("localhost:19092");
    }

    @Test
    void suitsOneNodeWithoutAutoCreatedTopicsAndWithASmallFootprint() throws Exception {
        Properties p = written();

        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("false");
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("share.coordinator.state.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(p.getProperty("log.cleaner.dedupe.buffer.size")).isEqualTo("2097152");
    }

    @Test
    void quietsKafkasLoggersToWarn() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(BrokerConfig.log4j2Properties()));

        for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            String key = p.stringPropertyNames().stream()
                    .filter(k -> k.endsWith(".name") && p.getProperty(k).equals(logger))
                    .findFirst().orElseThrow(() -> new AssertionError("no logger " + logger));
            assertThat(p.getProperty(key.replace(".name", ".level"))).as(logger).isEqualTo("WARN");
        }
        assertThat(p.getProperty("appender.out.type")).isEqualTo("Console");
    }

    @Test
    void securedItTakesSaslLoginsOnlyAndNeverShowsTheAdminPassword() throws Exception {
        BrokerConfig secured = new BrokerConfig(19092, 19093, Path.of("/tmp/tf/kafka-secure/data"), "adm1n-s3cret");
        Properties p = new Properties();
        p.load(new StringReader(secured.serverProperties()));

        assertThat(p.getProperty("listeners")).isEqualTo("SASL_PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
        assertThat(p.getProperty("listener.security.protocol.map"))
                .isEqualTo("CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT");
        assertThat(p.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512,PLAIN");
        assertThat(p.getProperty("sasl.mechanism.inter.broker.protocol")).isEqualTo("PLAIN");
        assertThat(p.getProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config"))
                .contains("username=\"admin\"").contains("user_admin=\"adm1n-s3cret\"");
        assertThat(secured.toString()).contains("secured=true").doesNotContain("adm1n-s3cret");
        assertThat(written().getProperty("sasl.enabled.mechanisms")).as("unsecured by default").isNull();
    }

    @Test
    void refusesClashingPorts() {
        assertThatThrownBy(() -> new BrokerConfig(9092, 9092, Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two distinct ports");
    }
}
