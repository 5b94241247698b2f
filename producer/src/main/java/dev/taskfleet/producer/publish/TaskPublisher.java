package dev.taskfleet.producer.publish;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.AdminLaneCluster;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.kafka.TopicMessageLimits;
import dev.taskfleet.producer.broker.BrokerAdmin;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.config.FleetConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
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

    private final Producer<String, byte[]> producer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final InboxLanes lanes;
    private final String batchesTopic;
    private final Duration ackTimeout;
    private final RecordSizeLimit taskLimit;

    /**
     * Reads the tasks topic's {@code max.message.bytes} once, here: {@code TopicSetup} has made sure
     * the topic exists (it observes start-up first, at {@code PLATFORM_BEFORE}).
     */
    @Inject
    public TaskPublisher(KafkaSettings settings, FleetConfig config, MeterRegistry registry, BrokerAdmin admin) {
        Map<String, Object> producerConfig = settings.producer();
        this.producer = new KafkaProducer<>(producerConfig);
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        TopicNames names = config.topicNames();
        this.topic = names.tasks();
        this.batchesTopic = names.batches();
        long deliveryTimeoutMs = Long.parseLong(String.valueOf(producerConfig.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
        this.ackTimeout = Duration.ofMillis(deliveryTimeoutMs).plus(ACK_MARGIN);
        Duration adminTimeout = config.producer().topicProvisionTimeout();
        this.taskLimit = RecordSizeLimit.of(producerConfig).withTopicLimits(
                TopicMessageLimits.read(admin.admin(), List.of(topic), adminTimeout));
        FleetConfig.Lanes lanesConfig = config.producer().lanes();
        // A lane is made like the tasks topic, so a task that fits one fits the other.
        this.lanes = new InboxLanes(names, lanesConfig.enabled(), lanesConfig.max(),
                new AdminLaneCluster(admin.admin(), config.topics().replicationFactor(), adminTimeout,
                        taskLimit::maxMessageBytes));
        LOG.infof("tasks are published to %s as records of at most %s; a larger task is rejected with field 'size'",
                lanesConfig.enabled() ? "each team's inbox lanes " + names.prefix() + ".inbox.<team>[.<class>]" : topic,
                taskLimit.describe(topic));
    }

    /** Starts publishing one batch of {@code team}. */
    public BatchPublication open(String batchId, String team) {
        return new BatchPublication(producer, lanes.forTeam(team), batchId, ackTimeout, taskLimit.bytesFor(topic));
    }

    /** Where tasks of {@code team} may have been published, for reading them back. */
    public List<String> topicsOf(String team) {
        return lanes.topicsOf(team);
    }

    /**
     * Publishes a batch event on {@code <prefix>.batches} (key = batch id) and waits for the
     * broker's acknowledgement.
     *
     * @return where it was written, so the caller can wait for its own tracker to read it
     * @throws PublishFailedException when the broker did not take it
     */
    public RecordMetadata publish(BatchEvent event) {
        try {
            return producer.send(new ProducerRecord<>(batchesTopic, event.batchId(),
                            EventCodec.encodeToBytes(event)))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(event.batchId(), "interrupted while publishing the " + event.type() + " event", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new PublishFailedException(event.batchId(), "the " + event.type() + " event was not acknowledged: "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    @PreDestroy
    void close() {
        LOG.infof("flushing and closing the task producer");
        producer.flush();
        producer.close(CLOSE_TIMEOUT);
        clientMetrics.close();
    }
}
