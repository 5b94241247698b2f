package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
     * {@code timeout}); that is logged at WARN, one line per reason naming every topic it kept
     * out (a service denied the right on its ten topics logs one line, not ten), and the caller
     * sizes records there against {@code max.request.size} alone, as before it asked.
     */
    public static Map<String, Integer> read(Admin admin, Collection<String> topics, Duration timeout) {
        Limits read = readAll(admin, topics, timeout);
        read.unreadable().forEach((reason, unread) -> LOG.warnf("could not read %s of %s %s (%s); their records are "
                + "sized against max.request.size alone, and one a topic refuses fails when it is sent",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, unread.size() == 1 ? "topic" : "topics", String.join(", ", unread),
                reason));
        return read.limits();
    }

    /**
     * What {@link #read} found: the limits it could read, and the topics it could not, by reason.
     *
     * @param limits     {@code max.message.bytes} by topic
     * @param unreadable topics left out of {@code limits}, by why (the error's type and message)
     */
    record Limits(Map<String, Integer> limits, Map<String, List<String>> unreadable) {
    }

    static Limits readAll(Admin admin, Collection<String> topics, Duration timeout) {
        Map<ConfigResource, KafkaFuture<Config>> asked = admin.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).values();
        Map<String, Integer> limits = new LinkedHashMap<>();
        Map<String, List<String>> unreadable = new LinkedHashMap<>();
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> answer : asked.entrySet()) {
            String topic = answer.getKey().name();
            try {
                ConfigEntry entry = answer.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    limits.put(topic, Integer.parseInt(entry.value()));
                } else {
                    unreadable.computeIfAbsent("not in its described configuration", reason -> new ArrayList<>()).add(topic);
                }
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                unreadable.computeIfAbsent(cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                        reason -> new ArrayList<>()).add(topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Limits(limits, unreadable);
    }
}
