package dev.taskfleet.producer.submit;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.producer.batch.BatchFormat;
import dev.taskfleet.producer.batch.BatchOutcome;
import dev.taskfleet.producer.batch.BatchReader;
import dev.taskfleet.producer.batch.BatchTooLargeException;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.publish.BatchPublication;
import dev.taskfleet.producer.publish.PublishFailedException;
import dev.taskfleet.producer.publish.TaskPublisher;
import dev.taskfleet.producer.team.BudgetPolicy;
import dev.taskfleet.producer.team.PriorityPolicy;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.producer.team.TeamLimitPolicy;
import dev.taskfleet.producer.team.TeamLimits;
import dev.taskfleet.producer.team.TeamPriorities;
import dev.taskfleet.producer.tracking.BatchTracking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Streams a batch from the body into Kafka: each valid task is sent as soon as it is read, and
 * the result is known only once the broker has answered every send, so "accepted" means
 * durable. Then the batch's ACCEPTED event goes to {@code <prefix>.batches}, and the reply waits
 * (briefly) until this replica's tracker has read it, so a status asked right after the 202
 * already knows the batch. Blocks the calling (worker) thread while the body streams in.
 */
@ApplicationScoped
public class BatchSubmitter {

    private static final Logger LOG = Logger.getLogger(BatchSubmitter.class);
    private static final Duration READ_OWN_WRITE = Duration.ofSeconds(5);

    private final BatchReader reader;
    private final TaskPublisher publisher;
    private final ProducerMetrics metrics;
    private final TeamLimitPolicy teams;
    private final BudgetPolicy budgets;
    private final PriorityPolicy priorities;
    private final BatchTracking tracking;
    private final Clock clock;

    @Inject
    public BatchSubmitter(BatchReader reader, TaskPublisher publisher, ProducerMetrics metrics, TeamLimitPolicy teams,
                          BudgetPolicy budgets, PriorityPolicy priorities, BatchTracking tracking, Clock clock) {
        this.reader = reader;
        this.publisher = publisher;
        this.metrics = metrics;
        this.teams = teams;
        this.budgets = budgets;
        this.priorities = priorities;
        this.tracking = tracking;
        this.clock = clock;
    }

    /** The largest body accepted, for refusing a declared length before reading any of it. */
    public long maxBatchBytes() {
        return reader.limits().maxBytes();
    }

    /**
     * Submits one batch for {@code team}. Batches in flight and the team's spend are counted from
     * the tracker, so two submissions racing on different replicas may both pass the last free
     * slot, and a team is refused only once its results show the budget spent: work already
     * submitted runs on, so a budget can be overrun by what was queued when it ran out. {@code deadline}
     * and {@code priority} are the batch-wide wait and class for tasks that name none ({@code null}: none).
     */
    public SubmissionResult submit(InputStream body, BatchFormat format, String team, Duration deadline,
                                   Priority priority) {
        TeamPriorities classes = priorities.prioritiesFor(team);
        if (priority != null) {
            try {
                classes.check(team, priority);
            } catch (InvalidTaskException e) {
                LOG.infof("team=%s refused: %s", team, e.problem());
                return new SubmissionResult.PriorityNotAllowed(team, priority, e.problem());
            }
        }
        TeamLimits limits = teams.limitsFor(team);
        int inFlight = tracking.ledger().inFlight(team);
        if (inFlight >= limits.maxBatchesInFlight()) {
            LOG.infof("team=%s refused: %d batches in flight, limit %d", team, inFlight, limits.maxBatchesInFlight());
            return new SubmissionResult.TooManyInFlight(team, inFlight, limits.maxBatchesInFlight());
        }
        Instant now = clock.instant();
        Optional<SpendBudget.Exhausted> exhausted = tracking.ledger().overBudget(team, budgets.budgetFor(team), now);
        if (exhausted.isPresent()) {
            SpendBudget.Exhausted over = exhausted.get();
            LOG.infof("team=%s refused: spent %.4f USD of its %s of %.4f USD", team, over.spentUsd(), over.limit(),
                    over.budgetUsd());
            return new SubmissionResult.OverBudget(team, over, Duration.between(now, over.resetsAt()));
        }
        String batchId = UUID.randomUUID().toString();
        BatchPublication publication = publisher.open(batchId, team);
        SubmissionResult result;
        try {
            BatchOutcome outcome = reader.read(body, format, batchId, team,
                    reader.limits().forTeam(limits.maxTasksPerBatch(), limits.maxPromptChars()), deadline, priority,
                    classes, publication);
            publication.finish();
            metrics.tasksRejected(outcome.rejectedByField());
            if (outcome.accepted() == 0) {
                result = new SubmissionResult.NothingValid(outcome);
            } else {
                register(batchId, team, outcome.accepted(), publication.acknowledgedByPriority());
                result = new SubmissionResult.Accepted(outcome);
            }
        } catch (BatchTooLargeException e) {
            result = new SubmissionResult.TooLarge(batchId, e, registerPartial(batchId, team, publication));
        } catch (PublishFailedException e) {
            result = new SubmissionResult.PublishFailed(batchId, e.getMessage(), registerPartial(batchId, team, publication));
        } catch (IOException e) {
            result = new SubmissionResult.Unreadable(batchId, e.getMessage(), registerPartial(batchId, team, publication));
        }
        metrics.tasksAccepted(team, result.published());
        log(format, team, result);
        return result;
    }

    /**
     * Publishes the batch's ACCEPTED event, with the acknowledged tasks per class; the batch is
     * tracked (and counts as in flight) from then on.
     */
    private void register(String batchId, String team, long published, Map<Priority, Long> byClass) {
        RecordMetadata written = publisher.publish(BatchEvent.accepted(batchId, team, clock.instant(),
                Math.toIntExact(published), byClass));
        if (!tracking.awaitApplied(written, READ_OWN_WRITE)) {
            LOG.warnf("batch=%s the tracker has not read its ACCEPTED event within %s", batchId, READ_OWN_WRITE);
        }
    }

    /**
     * Tasks published before a refusal run anyway, so their batch is registered too, which makes
     * it visible to its team. Best effort: the refusal is the answer either way.
     */
    private long registerPartial(String batchId, String team, BatchPublication publication) {
        long published = publication.settle();
        if (published > 0) {
            try {
                register(batchId, team, published, publication.acknowledgedByPriority());
            } catch (PublishFailedException e) {
                LOG.warnf("batch=%s %d tasks published but the batch could not be registered: %s", batchId, published,
                        e.getMessage());
            }
        }
        return published;
    }

    private static void log(BatchFormat format, String team, SubmissionResult result) {
        if (result instanceof SubmissionResult.Accepted accepted) {
            BatchOutcome o = accepted.outcome();
            LOG.infof("batch=%s team=%s format=%s accepted=%d rejected=%d", o.batchId(), team, format, o.accepted(),
                    o.rejectedCount());
        } else if (result instanceof SubmissionResult.NothingValid invalid) {
            LOG.infof("batch=%s team=%s format=%s refused: no valid task among %d", invalid.batchId(), team, format,
                    invalid.outcome().submitted());
        } else if (result instanceof SubmissionResult.TooLarge tooLarge) {
            LOG.warnf("batch=%s team=%s format=%s refused: %s; published=%d", tooLarge.batchId(), team, format,
                    tooLarge.limit().getMessage(), tooLarge.published());
        } else if (result instanceof SubmissionResult.PublishFailed failed) {
            LOG.errorf("batch=%s team=%s format=%s %s; published=%d", failed.batchId(), team, format, failed.reason(),
                    failed.published());
        } else if (result instanceof SubmissionResult.Unreadable unreadable) {
            LOG.warnf("batch=%s team=%s format=%s body could not be read: %s; published=%d", unreadable.batchId(), team,
                    format, unreadable.reason(), unreadable.published());
        }
    }
}
