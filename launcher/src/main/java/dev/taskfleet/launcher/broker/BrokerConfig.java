package dev.taskfleet.launcher.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration files of the local broker: a single KRaft node that is broker and controller
 * at once, listening on localhost only, sized for a laptop.
 *
 * <p>Secured ({@code adminPassword} set), the client listener takes SASL logins only: SCRAM-SHA-512
 * for the services ({@link BrokerLogins}) and PLAIN for {@value BrokerLogins#ADMIN}, the broker's
 * own login, which this file defines so that it exists before any SCRAM user does. The file holds
 * that password, so it is readable by its owner only; {@link #toString()} leaves it out.
 *
 * @param port           the client listener, {@code localhost:<port>}
 * @param controllerPort the KRaft controller listener
 * @param logDirs        where the broker keeps its data
 * @param adminPassword  the admin's password when secured, else {@code null}
 */
public record BrokerConfig(int port, int controllerPort, Path logDirs, String adminPassword) {

    public BrokerConfig {
        if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
            throw new IllegalArgumentException("broker needs two distinct ports, got " + port + " and " + controllerPort);
        }
        logDirs = logDirs.toAbsolutePath();
    }

    /** A broker without authentication. */
    public BrokerConfig(int port, int controllerPort, Path logDirs) {
        this(port, controllerPort, logDirs, null);
    }

    public boolean secured() {
        return adminPassword != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Every broker setting, in the order written to {@code server.properties}. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        String clients = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        settings.put("listeners", clients + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        settings.put("advertised.listeners", clients + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        settings.put("inter.broker.listener.name", clients);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + clients + ":" + clients);
        if (secured()) {
            settings.put("sasl.enabled.mechanisms", BrokerLogins.MECHANISM + ",PLAIN");
            settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            settings.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BrokerLogins.ADMIN
                            + "\" password=\"" + adminPassword + "\" user_" + BrokerLogins.ADMIN + "=\"" + adminPassword + "\";");
            settings.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        settings.put("log.dirs", logDirs.toString().replace('\\', '/'));
        // The services create every topic they use; a typo must fail, not create a topic.
        settings.put("auto.create.topics.enable", "false");
        settings.put("num.partitions", "1");
        // One node: the internal topics cannot have more replicas.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers start the moment they join instead of waiting 3 s for others that never come.
        settings.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer is most of a small heap; nothing here compacts much.
        settings.put("log.cleaner.dedupe.buffer.size", "2097152");
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        return settings;
    }

    /** The {@code server.properties} file's text. */
    public String serverProperties() {
        return "# Written by the taskfleet launcher on every start; edits are overwritten.\n"
                + settings().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * A log4j2 configuration that prints to standard output (which the launcher sends to
     * {@code broker.log}), with Kafka's own chatter at WARN.
     */
    public static String log4j2Properties() {
        return """
                # Written by the taskfleet launcher on every start; edits are overwritten.
                status = warn
                # The broker stops on SIGTERM through its own hook; log4j's would race it and complain.
                shutdownHook = disable
                appender.out.type = Console
                appender.out.name = OUT
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.out.ref = OUT
                logger.kafka.name = kafka
                logger.kafka.level = WARN
                logger.apachekafka.name = org.apache.kafka
                logger.apachekafka.level = WARN
                logger.statechange.name = state.change.logger
                logger.statechange.level = WARN
                """;
    }

    /** The ports, the data folder and whether it is secured; never the admin's password. */
    @Override
    public String toString() {
        return "BrokerConfig[port=" + port + ", controllerPort=" + controllerPort + ", logDirs=" + logDirs
                + ", secured=" + secured() + "]";
    }
}
