package dev.taskfleet.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.jboss.logging.Logger;

/**
 * The Kafka client settings of one service, built once from its {@code kafka.*} configuration
 * and its {@link KafkaLogin} files; every client the service creates (admin, producers,
 * consumers, readers, its SmallRye channels) starts from {@link #common()}, so SASL and TLS
 * reach all of them alike.
 *
 * <p>Login files become the {@code sasl.jaas.config} line here, for SCRAM and PLAIN. Settings
 * that cannot work are refused at start with a message naming the keys: a SASL protocol without
 * credentials, credentials given twice, an unreadable file. {@link #toString()} describes the
 * connection for a start-up log line and never contains a secret.
 */
public final class KafkaClientSettings {

    private static final Logger LOG = Logger.getLogger(KafkaClientSettings.class);
    private static final Pattern JAAS_USERNAME = Pattern.compile("username\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Object> common;
    private final String principal;
    private final String description;

    private KafkaClientSettings(Map<String, Object> common, String principal, String description) {
        this.common = Map.copyOf(common);
        this.principal = principal;
        this.description = description;
    }

    /**
     * @param kafka every {@code kafka.*} setting without its prefix (Quarkus' {@code default-kafka-broker} map)
     * @param login credential files, or {@link KafkaLogin#none()}
     * @throws IllegalArgumentException naming the settings that do not fit together
     */
    public static KafkaClientSettings of(Map<String, ?> kafka, KafkaLogin login) {
        Map<String, Object> settings = new HashMap<>(kafka);
        // Quarkus adds the application name as group id; a consumer group is each client's own choice.
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        String protocol = text(settings.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).orElse("PLAINTEXT")
                .toUpperCase(Locale.ROOT);
        String mechanism = text(settings.get(SaslConfigs.SASL_MECHANISM)).orElse(SaslConfigs.DEFAULT_SASL_MECHANISM);
        String credentials = "no credentials";
        if (!login.isEmpty()) {
            if (settings.get(SaslConfigs.SASL_JAAS_CONFIG) != null) {
                throw new IllegalArgumentException("Kafka credentials are given twice: kafka.sasl.jaas.config "
                        + "(KAFKA_SASL_JAAS_CONFIG) and taskfleet.kafka.sasl.*-file; keep one");
            }
            settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaasLine(login, mechanism));
            credentials = "credentials from " + login.jaasConfigFile().or(login::passwordFile).orElseThrow();
        } else if (settings.get(SaslConfigs.SASL_JAAS_CONFIG) != null) {
            credentials = "credentials from kafka.sasl.jaas.config";
        }
        boolean sasl = protocol.startsWith("SASL_");
        if (sasl && settings.get(SaslConfigs.SASL_JAAS_CONFIG) == null && !"GSSAPI".equals(mechanism)) {
            throw new IllegalArgumentException("kafka.security.protocol is " + protocol + " but no credentials are set: "
                    + "set kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG), or taskfleet.kafka.sasl.username-file and "
                    + "taskfleet.kafka.sasl.password-file, or taskfleet.kafka.sasl.jaas-config-file");
        }
        String principal = principalOf(settings);
        StringBuilder description = new StringBuilder(protocol);
        if (sasl) {
            description.append(", ").append(mechanism).append(" as ").append(principal).append(", ").append(credentials);
        } else if (protocol.equals("SSL") && settings.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) != null) {
            description.append(", client certificate in ").append(settings.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG));
        }
        if (protocol.endsWith("SSL")) {
            description.append(", trusting ").append(text(settings.get(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG))
                    .orElse("the JVM's default CAs"));
        }
        return new KafkaClientSettings(settings, principal, description.toString());
    }

    /**
     * The settings of this process's clients, as {@link #of}; the principal is registered with
     * {@link AccessRefusals#actingAs} so refusals name it, and the start-up line
     * ({@code Kafka clients connect with ...}, no secret) is logged. Each service calls this once.
     */
    public static KafkaClientSettings ofThisProcess(Map<String, ?> kafka, KafkaLogin login) {
        KafkaClientSettings settings = of(kafka, login);
        AccessRefusals.jvm().actingAs(settings.principal());
        LOG.infof("Kafka clients connect with %s", settings);
        return settings;
    }

    /**
     * The principal a client with these settings is, as the broker's default principal builder
     * names it: {@code User:<name>} for a SASL login with a user name, {@code User:ANONYMOUS}
     * without authentication, else a description of the certificate or login that decides it.
     */
    public static String principalOf(Map<String, ?> settings) {
        String protocol = text(settings.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).orElse("PLAINTEXT")
                .toUpperCase(Locale.ROOT);
        if (protocol.startsWith("SASL_")) {
            Optional<String> jaas = text(settings.get(SaslConfigs.SASL_JAAS_CONFIG));
            Matcher user = JAAS_USERNAME.matcher(jaas.orElse(""));
            return user.find() ? "User:" + user.group(1).replace("\\\"", "\"").replace("\\\\", "\\")
                    : "the SASL login of sasl.jaas.config";
        }
        if (protocol.equals("SSL") && settings.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) != null) {
            return "the subject of the client certificate in " + settings.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        }
        return "User:ANONYMOUS";
    }

    /** Every setting, for a client that adds its own ({@code default-kafka-broker}, SmallRye channels). */
    public Map<String, Object> common() {
        return common;
    }

    /** An admin client's settings. */
    public Map<String, Object> admin(String clientId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /**
     * A producer's settings, with the refusal reporter ({@link RefusalReporter}) among its
     * interceptors so a write the broker refuses is named once in the log and in the health checks.
     * Serializers, acks and the like are the caller's.
     */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, RefusalReporter.class.getName());
        return config;
    }

    /** A plain consumer's settings: no group, bytes, committed records only; the caller adds the rest. */
    public Map<String, Object> consumer(String clientId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        return config;
    }

    /** A {@link TopicFollower}'s consumer settings ({@link TopicFollower#consumerSettings}). */
    public Map<String, Object> follower(String clientId) {
        return TopicFollower.consumerSettings(common, clientId);
    }

    /** Who the broker sees these clients as ({@link #principalOf}). */
    public String principal() {
        return principal;
    }

    /** Protocol, mechanism, principal and where credentials and trust come from; never a secret. */
    @Override
    public String toString() {
        return description;
    }

    private static String jaasLine(KafkaLogin login, String mechanism) {
        if (login.jaasConfigFile().isPresent()) {
            if (login.usernameFile().isPresent() || login.passwordFile().isPresent()) {
                throw new IllegalArgumentException("taskfleet.kafka.sasl.jaas-config-file and the user name and "
                        + "password files are alternatives; set one or the other");
            }
            return read(login.jaasConfigFile().get(), "taskfleet.kafka.sasl.jaas-config-file");
        }
        if (login.usernameFile().isEmpty() || login.passwordFile().isEmpty()) {
            throw new IllegalArgumentException("taskfleet.kafka.sasl.username-file and "
                    + "taskfleet.kafka.sasl.password-file go together; set both");
        }
        String module = switch (mechanism) {
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new IllegalArgumentException("user name and password files work with kafka.sasl.mechanism "
                    + "SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, not " + mechanism
                    + "; give the JAAS line in taskfleet.kafka.sasl.jaas-config-file instead");
        };
        String username = read(login.usernameFile().get(), "taskfleet.kafka.sasl.username-file");
        String password = read(login.passwordFile().get(), "taskfleet.kafka.sasl.password-file");
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /** The file's text without the line break editors and {@code echo} leave at its end. */
    private static String read(Path file, String key) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String value = text.replaceAll("[\\r\\n]+$", "");
            if (value.isEmpty()) {
                throw new IllegalArgumentException(key + ": " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A value inside a JAAS option's double quotes, which treat backslash as an escape. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Optional<String> text(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value instanceof Password password ? password.value() : value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }
}
