package dev.taskfleet.producer.publish;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.config.FleetConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/**
 * Owns the one Kafka producer every batch is published with (a producer is thread-safe and
 * batches records from all requests together). Created at start-up so a bad Kafka setting
 * stops the service before it takes traffic; flushed and closed at shutdown.
 */
@Startup
@ApplicationScoped
public class TaskPublisher {

    private static final Logger LOG = Logger.getLogger(TaskPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    // Every send is answered within delivery.timeout.ms; the margin covers the callback itself.
    private static final Duration ACK_MARGIN = Duration.ofSeconds(5);

    private final Producer<String, String> producer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final Duration ackTimeout;

    @Inject
    public TaskPublisher(KafkaSettings settings, FleetConfig config, MeterRegistry registry) {
        Map<String, Object> producerConfig = settings.producer();
        this.producer = new KafkaProducer<>(producerConfig);
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        this.topic = new TopicNames(config.topicPrefix()).tasks();
        long deliveryTimeoutMs = Long.parseLong(String.valueOf(producerConfig.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
        this.ackTimeout = Duration.ofMillis(deliveryTimeoutMs).plus(ACK_MARGIN);
    }

    /** Starts publishing one batch. */
    public BatchPublication open(String batchId) {
        return new BatchPublication(producer, topic, batchId, ackTimeout);
    }

    public String topic() {
        return topic;
    }

    @PreDestroy
    void close() {
        LOG.infof("flushing and closing the task producer");
        producer.flush();
        producer.close(CLOSE_TIMEOUT);
        clientMetrics.close();
    }
}
