package dev.taskfleet.worker.messaging;

import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The one place the worker's Kafka client settings are made: every {@code kafka.*} key plus the
 * login files ({@code taskfleet.kafka.sasl.*}). The admin client and the cancellation reader
 * start from {@link KafkaClientSettings}; the SmallRye channels from the {@value #CHANNELS} map,
 * which {@code mp.messaging.connector.smallrye-kafka.kafka-configuration} names, so the login
 * made from files reaches them too.
 */
@Singleton
public class KafkaClients {

    /** The identifier of the channels' settings bean. */
    public static final String CHANNELS = "taskfleet-kafka";

    @Produces
    @Singleton
    KafkaClientSettings settings(@Identifier("default-kafka-broker") Map<String, Object> kafka, WorkerConfig config) {
        WorkerConfig.KafkaCredentialFiles.Sasl sasl = config.kafka().sasl();
        return KafkaClientSettings.ofThisProcess(kafka,
                new KafkaLogin(sasl.usernameFile(), sasl.passwordFile(), sasl.jaasConfigFile()));
    }

    @Produces
    @Singleton
    @Identifier(CHANNELS)
    Map<String, Object> channels(KafkaClientSettings settings) {
        return settings.common();
    }
}
