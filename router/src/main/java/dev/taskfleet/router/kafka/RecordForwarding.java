package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.AnsweredEscalations;
import dev.taskfleet.router.routing.EscalationHandling;
import dev.taskfleet.router.routing.EscalationOutcome;
import dev.taskfleet.router.routing.NotPlaced;
import dev.taskfleet.router.routing.Rejection;
import dev.taskfleet.router.routing.RoutingOutcome;
import dev.taskfleet.router.routing.RoutingTallies;
import dev.taskfleet.router.routing.TaskRouting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * Turns one record of the tasks or escalations topic into the records the router writes for
 * it: a routed task on its tier ({@code <prefix>.tasks.<tier>}, or the team's lane of it: see
 * {@link LaneTopics}), a final result on {@code <prefix>.results},
 * or the original record on {@code <prefix>.dlq}. Every output is keyed by task id (a dead
 * letter keeps the original key). Never throws for a bad record: a bad record that stopped the
 * loop would stall its partition for good.
 *
 * <p>Every output is sized against its destination ({@link DestinationLimits}) before it joins the
 * transaction, for one the producer or the broker refuses would abort the transaction at each try
 * until the loop gives up. What does not fit ends as the router's other unplaceable records do: a
 * routed task is dead-lettered {@code INVALID_TASK} (as an invalid task is) and gets its final
 * FAILED {@code TASK_TOO_LARGE} result, so its batch finishes; an escalated task is
 * refused with its final FAILED result (as the policy's refusals are), a result is dead-lettered,
 * and a dead letter is written without its value. Each reason names the size and the limit.
 *
 * <p>Each placement is also tallied in the {@link ForwardingTransaction}; {@link #tallyRecords}
 * turns the tallies into ROUTED batch events on {@code <prefix>.batches}, keyed by batch id, for
 * the same transaction to write.
 */
final class RecordForwarding {

    private static final Logger LOG = Logger.getLogger(RecordForwarding.class);

    private final TaskRouting routing;
    private final EscalationHandling escalations;
    private final TopicNames topics;
    private final LaneTopics lanes;
    private final DestinationLimits limits;
    private final RouterMetrics metrics;
    private final Function<Task, String> tierWithoutAdaptive;
    private final AnsweredEscalations answered;
    private final String routerId;
    private final Clock clock;

    /**
     * @param tierWithoutAdaptive the tier the policy gives a task without outcome statistics: the
     *                            tier adaptive routing promoted a task from (it may climb more than one)
     * @param answered            the escalation requests answered so far, to drop repeats
     * @param routerId            this router instance, written as {@code workerId} on the results it writes
     * @param clock               stamps the ROUTED events
     */
    RecordForwarding(TaskRouting routing, EscalationHandling escalations, TopicNames topics, LaneTopics lanes,
            DestinationLimits limits, RouterMetrics metrics, Function<Task, String> tierWithoutAdaptive,
            AnsweredEscalations answered, String routerId, Clock clock) {
        this.routerId = routerId;
        this.routing = routing;
        this.escalations = escalations;
        this.topics = topics;
        this.lanes = lanes;
        this.limits = limits;
        this.metrics = metrics;
        this.tierWithoutAdaptive = tierWithoutAdaptive;
        this.answered = answered;
        this.clock = clock;
    }

    /** Opens the bookkeeping of a new transaction. */
    ForwardingTransaction begin() {
        return new ForwardingTransaction(answered.begin());
    }

    /** The ROUTED events of everything {@code transaction} placed, for it to write before committing. */
    List<ProducerRecord<byte[], byte[]>> tallyRecords(ForwardingTransaction transaction) {
        RoutingTallies tallies = transaction.tallies();
        if (tallies.isEmpty()) {
            return List.of();
        }
        return tallies.events(clock.instant()).stream()
                .map(event -> keyed(topics.batches(), event.batchId(), EventCodec.encode(event)))
                .toList();
    }

    /**
     * The topics this forwarding reads: {@code <prefix>.tasks}, {@code <prefix>.escalations} and
     * every team's inbox lane ({@link TopicNames#routerInputs()}), by pattern, so a lane the producer
     * creates later is read too.
     */
    Pattern inputs() {
        return topics.routerInputs();
    }

    /** {@link #inputs()} for a log line. */
    String inputsDescribed() {
        return topics.tasks() + ", " + topics.escalations() + " and the inbox lanes " + topics.prefix()
                + ".inbox.<team>[.<class>]";
    }

    Forwarded forward(ConsumerRecord<byte[], byte[]> record, ForwardingTransaction transaction) {
        try {
            if (record.topic().equals(topics.escalations())) {
                return escalation(record, escalations.handle(record.value(), transaction.escalations()),
                        transaction.tallies());
            }
            return task(record, routing.route(record.value()), transaction.tallies());
        } catch (KafkaException e) {
            // The cluster, not the record (a lane could not be created): abort and read it again.
            throw e;
        } catch (RuntimeException e) {
            // A bug, not bad input. The record is dead-lettered like bad input, with the same
            // headers and metric, so it can be replayed once the bug is fixed.
            LOG.errorf(e, "handling failed for record %s-%d@%d; dead-lettering it",
                    record.topic(), record.partition(), record.offset());
            return deadLetter(record, new Rejection(DeadLetterReasons.ROUTING_FAILED, "routing failed: " + e, null));
        }
    }

    private Forwarded task(ConsumerRecord<byte[], byte[]> record, RoutingOutcome outcome, RoutingTallies tallies) {
        if (outcome instanceof RoutingOutcome.Routed routed) {
            LOG.debugf("task %s -> tier %s (rule %s)", routed.taskId(), routed.tier(), routed.rule());
            String tier = routed.tier();
            String rule = routed.rule();
            String promotedFrom = PolicyDecision.ADAPTIVE.equals(rule)
                    ? tierWithoutAdaptive.apply(routed.routedTask().task()) : null;
            // The bytes sized here are the bytes sent: the task's own, copied, around the decision.
            Task task = routed.routedTask().task();
            ProducerRecord<byte[], byte[]> out = keyed(lanes.topicFor(tier, task.team(), task.priority()),
                    routed.taskId(), routed.encoded());
            if (!limits.fits(out)) {
                // The task fitted the tasks topic; the routing decision made it too large for its tier's.
                String reason = limits.tooLarge("the routed task", out);
                LOG.warnf("task %s is not placed on tier %s: %s", routed.taskId(), tier, reason);
                return notPlaced(record, routed.routedTask(), reason);
            }
            Forwarded forwarded = Forwarded.of(out, () -> {
                        metrics.routed(tier, rule);
                        if (promotedFrom != null) {
                            metrics.adaptivePromotion(promotedFrom, tier);
                        }
                    });
            // Tallied last: a record that fails above is dead-lettered, not placed.
            tallies.routed(routed.routedTask().task(), tier);
            return forwarded;
        }
        return deadLetter(record, (Rejection) outcome);
    }

    private Forwarded escalation(ConsumerRecord<byte[], byte[]> record, EscalationOutcome outcome,
            RoutingTallies tallies) {
        if (outcome instanceof EscalationOutcome.Placed placed) {
            String taskId = placed.routedTask().task().id();
            String to = placed.routedTask().tier();
            Task task = placed.routedTask().task();
            ProducerRecord<byte[], byte[]> out = keyed(lanes.topicFor(to, task.team(), task.priority()), taskId,
                    EventCodec.encode(placed.routedTask()));
            if (!limits.fits(out)) {
                // The history of every call made so far grew it past the higher tier's limit: the
                // task cannot go there, so it ends as a refused escalation does, with a final result.
                return escalation(record, escalations.refuse(placed, limits.tooLarge("the routed task", out)), tallies);
            }
            LOG.infof("task %s escalated from tier %s to %s (placement %d)", taskId, placed.fromTier(), to,
                    placed.routedTask().attempt());
            Forwarded forwarded = Forwarded.of(out, () -> metrics.escalationPlaced(placed.fromTier(), to));
            tallies.escalated(placed.routedTask().task(), placed.fromTier(), to);
            return forwarded;
        }
        if (outcome instanceof EscalationOutcome.Refused refused) {
            ProducerRecord<byte[], byte[]> out = keyed(topics.results(), refused.result().taskId(),
                    EventCodec.encode(refused.result()));
            if (!limits.fits(out)) {
                return deadLetter(record, new Rejection(DeadLetterReasons.INVALID_TASK,
                        limits.tooLarge("the final FAILED result of the refused escalation", out),
                        refused.result().taskId()));
            }
            LOG.infof("task %s not escalated from tier %s: %s; final result FAILED", refused.result().taskId(),
                    refused.fromTier(), refused.reason());
            Forwarded forwarded = Forwarded.of(out, () -> metrics.escalationRefused(refused.fromTier()));
            tallies.refused(refused.result());
            return forwarded;
        }
        if (outcome instanceof EscalationOutcome.Repeated repeated) {
            LOG.infof("task %s: escalation request from tier %s (placement %d) repeats one already answered; dropped",
                    repeated.taskId(), repeated.fromTier(), repeated.placement());
            return Forwarded.nothing(() -> metrics.escalationRepeated(repeated.fromTier()));
        }
        return deadLetter(record, (Rejection) outcome);
    }

    /**
     * The original to the DLQ, for replay once the topics allow it, and the task's final FAILED
     * result, so its batch finishes: both in the record's transaction, so exactly once.
     */
    private Forwarded notPlaced(ConsumerRecord<byte[], byte[]> record, RoutedTask routed, String reason) {
        return deadLetter(record, new Rejection(DeadLetterReasons.INVALID_TASK, reason, routed.task().id(),
                NotPlaced.result(routed, ResultErrorCodes.TASK_TOO_LARGE, reason, routerId, clock.instant())));
    }

    private Forwarded deadLetter(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
        // The reason may quote the payload, which may be a prompt: it goes into the record, not the log.
        LOG.warnf("record %s-%d@%d (task %s) goes to %s: %s", record.topic(), record.partition(), record.offset(),
                rejection.taskId() == null ? "unknown" : rejection.taskId(), topics.deadLetters(),
                rejection.reasonCode());
        DeadLetter why = new DeadLetter(rejection.reasonCode(), rejection.reason(), DeadLetterHeaders.ROUTER);
        ProducerRecord<byte[], byte[]> copy = DeadLetterRecords.of(topics.deadLetters(), record, why);
        if (copy.value() != null && !limits.fits(copy)) {
            // Its headers still say where the original is and why it was set aside.
            LOG.warnf("the dead letter of record %s-%d@%d is written without its value: %s", record.topic(),
                    record.partition(), record.offset(), limits.tooLarge("it", copy));
            copy = DeadLetterRecords.withoutValue(copy);
        }
        Forwarded deadLetter = Forwarded.of(copy, () -> metrics.deadLettered(rejection.reasonCode()));
        if (rejection.finalResult() == null) {
            return deadLetter;
        }
        // The task's final FAILED result goes with its dead letter, so its batch finishes.
        ProducerRecord<byte[], byte[]> result = keyed(topics.results(), rejection.finalResult().taskId(),
                EventCodec.encode(rejection.finalResult()));
        if (!limits.fits(result)) {
            LOG.warnf("the final result of task %s is not written: %s", rejection.taskId(), limits.tooLarge("it", result));
            return deadLetter;
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(deadLetter.records());
        records.add(result);
        return new Forwarded(records, deadLetter.afterCommit());
    }

    private static ProducerRecord<byte[], byte[]> keyed(String topic, String key, String json) {
        return keyed(topic, key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<byte[], byte[]> keyed(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
