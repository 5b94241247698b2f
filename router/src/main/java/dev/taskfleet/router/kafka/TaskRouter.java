package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.RoutingOutcome;
import dev.taskfleet.router.routing.TaskRouting;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Reads {@code <prefix>.tasks} and writes each record to exactly one topic through one
 * outgoing channel: a valid task to {@code <prefix>.tasks.<tier>} keyed by task id, anything
 * else to {@code <prefix>.dlq}. The topic is chosen per record with
 * {@link OutgoingKafkaRecordMetadata}, so a dead letter and a routed task leave in the order
 * their inputs arrived.
 *
 * <p>At-least-once: each output message carries the input's acknowledgement, so an input
 * offset is committed only after Kafka has acknowledged what was written for it. After a crash
 * or rebalance the uncommitted tail is routed again; downstream is keyed by task id for that.
 */
@ApplicationScoped
public class TaskRouter {

    private static final Logger LOG = Logger.getLogger(TaskRouter.class);

    private final TaskRouting routing;
    private final TopicNames topics;
    private final RouterMetrics metrics;

    public TaskRouter(TaskRouting routing, TopicNames topics, RouterMetrics metrics) {
        this.routing = routing;
        this.topics = topics;
        this.metrics = metrics;
    }

    /**
     * Non-blocking on purpose: routing is microseconds of CPU with no I/O, so it runs on the
     * consumer's event loop in arrival order instead of hopping to a worker thread for each record
     * (Quarkus' default for a method of this signature).
     */
    @Incoming("tasks")
    @Outgoing("routed")
    @NonBlocking
    public Message<byte[]> route(Message<byte[]> in) {
        IncomingKafkaRecordMetadata<?, ?> source = in.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("the tasks channel must be a Kafka channel"));
        RoutingOutcome outcome;
        try {
            outcome = routing.route(in.getPayload());
        } catch (RuntimeException e) {
            // A bug, not bad input. The record is dead-lettered like bad input, with the same
            // headers and metric, so it can be replayed once the bug is fixed.
            LOG.errorf(e, "routing failed for record %s-%d@%d; dead-lettering it",
                    source.getTopic(), source.getPartition(), source.getOffset());
            outcome = new RoutingOutcome.Rejected(TaskRouting.ROUTING_FAILED, "routing failed: " + e, null);
        }
        if (outcome instanceof RoutingOutcome.Routed routed) {
            return forward(in, routed);
        }
        return deadLetter(in, source, (RoutingOutcome.Rejected) outcome);
    }

    private Message<byte[]> forward(Message<byte[]> in, RoutingOutcome.Routed routed) {
        LOG.debugf("task %s -> tier %s (rule %s)", routed.taskId(), routed.tier(), routed.rule());
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(topics.tier(routed.tier()))
                .withKey(routed.taskId().getBytes(StandardCharsets.UTF_8))
                .build();
        byte[] value = EventCodec.encode(routed.routedTask()).getBytes(StandardCharsets.UTF_8);
        return in.withPayload(value).addMetadata(metadata).withAck(() -> {
            metrics.routed(routed.tier(), routed.rule());
            return in.ack();
        });
    }

    private Message<byte[]> deadLetter(Message<byte[]> in, IncomingKafkaRecordMetadata<?, ?> source,
            RoutingOutcome.Rejected rejected) {
        // The reason may quote the payload, which may be a prompt: it goes into the record, not the log.
        LOG.warnf("record %s-%d@%d (task %s) goes to %s: %s", source.getTopic(), source.getPartition(),
                source.getOffset(), rejected.taskId() == null ? "unknown" : rejected.taskId(),
                topics.deadLetters(), rejected.reasonCode());
        OutgoingKafkaRecordMetadata<Object> metadata = OutgoingKafkaRecordMetadata.builder()
                .withTopic(topics.deadLetters())
                .withKey(source.getKey())
                .withHeaders(DeadLetterRecords.headers(source, rejected))
                .build();
        return in.withPayload(in.getPayload()).addMetadata(metadata).withAck(() -> {
            metrics.deadLettered(rejected.reasonCode());
            return in.ack();
        });
    }
}
