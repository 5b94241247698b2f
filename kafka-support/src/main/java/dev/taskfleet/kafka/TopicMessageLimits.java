package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * Reads the effective {@code max.message.bytes} of topics (the topic's own setting, else the
 * broker's {@code message.max.bytes}), so a writer can size its records against what the broker
 * will take, not only against its own {@code max.request.size}. The caller owns the {@link Admin}.
 */
public final class TopicMessageLimits {

    private static final Logger LOG = Logger.getLogger(TopicMessageLimits.class);

    private TopicMessageLimits() {
    }

    /**
     * The {@code max.message.bytes} of each topic that could be read. A topic left out could not
     * be described (refused, for want of {@code DescribeConfigs}, or not answered within
     * {@code timeout}); that is logged at WARN once per topic, and the caller sizes records there
     * against {@code max.request.size} alone, as before it asked.
     */
    public static Map<String, Integer> read(Admin admin, Collection<String> topics, Duration timeout) {
        Map<ConfigResource, KafkaFuture<Config>> asked = admin.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).values();
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> answer : asked.entrySet()) {
            String topic = answer.getKey().name();
            try {
                ConfigEntry entry = answer.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    limits.put(topic, Integer.parseInt(entry.value()));
                } else {
                    LOG.warnf("topic %s has no %s in its described configuration; its records are sized against "
                            + "max.request.size alone", topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                }
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                LOG.warnf("could not read %s of topic %s (%s: %s); its records are sized against max.request.size "
                        + "alone, and one the topic refuses fails when it is sent", TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        topic, cause.getClass().getSimpleName(), cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return limits;
            }
        }
        return limits;
    }
}
