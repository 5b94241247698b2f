package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.EscalationHandling;
import dev.taskfleet.router.routing.EscalationOutcome;
import dev.taskfleet.router.routing.Rejection;
import dev.taskfleet.router.routing.RoutingOutcome;
import dev.taskfleet.router.routing.TaskRouting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Turns one record of the tasks or escalations topic into the records the router writes for
 * it: a routed task on {@code <prefix>.tasks.<tier>}, a final result on {@code <prefix>.results},
 * or the original record on {@code <prefix>.dlq}. Every output is keyed by task id (a dead
 * letter keeps the original key). Never throws for a bad record: a bad record that stopped the
 * loop would stall its partition for good.
 */
final class RecordForwarding {

    private static final Logger LOG = Logger.getLogger(RecordForwarding.class);

    private final TaskRouting routing;
    private final EscalationHandling escalations;
    private final TopicNames topics;
    private final RouterMetrics metrics;
    private final Function<Task, String> tierWithoutAdaptive;

    /**
     * @param tierWithoutAdaptive the tier the policy gives a task without outcome statistics: the
     *                            tier adaptive routing promoted a task from (it may climb more than one)
     */
    RecordForwarding(TaskRouting routing, EscalationHandling escalations, TopicNames topics, RouterMetrics metrics,
            Function<Task, String> tierWithoutAdaptive) {
        this.routing = routing;
        this.escalations = escalations;
        this.topics = topics;
        this.metrics = metrics;
        this.tierWithoutAdaptive = tierWithoutAdaptive;
    }

    /** The topics this forwarding reads. */
    List<String> inputTopics() {
        return List.of(topics.tasks(), topics.escalations());
    }

    Forwarded forward(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(topics.escalations())) {
                return escalation(record, escalations.handle(record.value()));
            }
            return task(record, routing.route(record.value()));
        } catch (RuntimeException e) {
            // A bug, not bad input. The record is dead-lettered like bad input, with the same
            // headers and metric, so it can be replayed once the bug is fixed.
            LOG.errorf(e, "handling failed for record %s-%d@%d; dead-lettering it",
                    record.topic(), record.partition(), record.offset());
            return deadLetter(record, new Rejection(DeadLetterReasons.ROUTING_FAILED, "routing failed: " + e, null));
        }
    }

    private Forwarded task(ConsumerRecord<byte[], byte[]> record, RoutingOutcome outcome) {
        if (outcome instanceof RoutingOutcome.Routed routed) {
            LOG.debugf("task %s -> tier %s (rule %s)", routed.taskId(), routed.tier(), routed.rule());
            String tier = routed.tier();
            String rule = routed.rule();
            String promotedFrom = PolicyDecision.ADAPTIVE.equals(rule)
                    ? tierWithoutAdaptive.apply(routed.routedTask().task()) : null;
            return Forwarded.of(keyed(topics.tier(tier), routed.taskId(), EventCodec.encode(routed.routedTask())), () -> {
                metrics.routed(tier, rule);
                if (promotedFrom != null) {
                    metrics.adaptivePromotion(promotedFrom, tier);
                }
            });
        }
        return deadLetter(record, (Rejection) outcome);
    }

    private Forwarded escalation(ConsumerRecord<byte[], byte[]> record, EscalationOutcome outcome) {
        if (outcome instanceof EscalationOutcome.Placed placed) {
            String taskId = placed.routedTask().task().id();
            String to = placed.routedTask().tier();
            LOG.infof("task %s escalated from tier %s to %s (placement %d)", taskId, placed.fromTier(), to,
                    placed.routedTask().attempt());
            return Forwarded.of(keyed(topics.tier(to), taskId, EventCodec.encode(placed.routedTask())),
                    () -> metrics.escalationPlaced(placed.fromTier(), to));
        }
        if (outcome instanceof EscalationOutcome.Refused refused) {
            LOG.infof("task %s not escalated from tier %s: %s; final result FAILED", refused.result().taskId(),
                    refused.fromTier(), refused.reason());
            return Forwarded.of(keyed(topics.results(), refused.result().taskId(), EventCodec.encode(refused.result())),
                    () -> metrics.escalationRefused(refused.fromTier()));
        }
        return deadLetter(record, (Rejection) outcome);
    }

    private Forwarded deadLetter(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
        // The reason may quote the payload, which may be a prompt: it goes into the record, not the log.
        LOG.warnf("record %s-%d@%d (task %s) goes to %s: %s", record.topic(), record.partition(), record.offset(),
                rejection.taskId() == null ? "unknown" : rejection.taskId(), topics.deadLetters(),
                rejection.reasonCode());
        DeadLetter why = new DeadLetter(rejection.reasonCode(), rejection.reason(), DeadLetterHeaders.ROUTER);
        return Forwarded.of(DeadLetterRecords.of(topics.deadLetters(), record, why),
                () -> metrics.deadLettered(rejection.reasonCode()));
    }

    private static ProducerRecord<byte[], byte[]> keyed(String topic, String key, String json) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }
}
