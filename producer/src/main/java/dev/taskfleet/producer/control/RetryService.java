package dev.taskfleet.producer.control;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.RetryReceipt;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.producer.batch.TaskTooLargeException;
import dev.taskfleet.producer.broker.KafkaSettings;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.publish.BatchPublication;
import dev.taskfleet.producer.publish.PublishFailedException;
import dev.taskfleet.producer.publish.TaskPublisher;
import dev.taskfleet.producer.team.BudgetPolicy;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.producer.tracking.BatchTracking;
import dev.taskfleet.producer.tracking.RecordScanner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Re-runs a finished batch's failed tasks (and those its team's budget stopped) as the next run,
 * unless the team has spent a budget. The tasks are read back from
 * {@code <prefix>.tasks} and the team's inbox lanes (the producer keeps no prompts), from the batch's acceptance time minus
 * {@code taskfleet.producer.retry-scan-margin}: first to find every one of them (if any is gone,
 * the tasks topic's retention was shorter than the batch's life and nothing is published), then
 * to re-publish exactly those records as the next run (one above any run the batch has a trace
 * of) and, if asked, another tier hint. A RETRIED event closes the action.
 */
@ApplicationScoped
public class RetryService {

    private static final Logger LOG = Logger.getLogger(RetryService.class);

    private final BatchActions actions;
    private final TaskPublisher publisher;
    private final BatchTracking tracking;
    private final ProducerMetrics metrics;
    private final RecordScanner scanner;
    private final Duration scanMargin;
    private final BudgetPolicy budgets;
    private final Clock clock;

    @Inject
    public RetryService(BatchActions actions, TaskPublisher publisher, BatchTracking tracking, ProducerMetrics metrics,
                        KafkaSettings settings, FleetConfig config, BudgetPolicy budgets, Clock clock) {
        this.budgets = budgets;
        this.clock = clock;
        this.actions = actions;
        this.publisher = publisher;
        this.tracking = tracking;
        this.metrics = metrics;
        this.scanner = new RecordScanner(settings.reader("taskfleet-producer-retry"), Duration.ofSeconds(30));
        this.scanMargin = config.producer().retryScanMargin();
    }

    /**
     * Re-runs the failed tasks of a batch the caller may see.
     *
     * @param tier the tier hint the re-run tasks get, or {@code null} to keep each task's own;
     *             the caller has checked it names a tier
     */
    public ControlOutcome<RetryReceipt> retry(BatchStatus batch, String tier) throws Exception {
        return actions.locked(batch, now -> retryNow(now, tier));
    }

    private ControlOutcome<RetryReceipt> retryNow(BatchStatus now, String tier) throws Exception {
        if (now.queued() > 0) {
            return new ControlOutcome.Refused<>("still-running", "batch " + now.batchId() + " still has " + now.queued()
                    + " tasks queued; retry once every task has finished");
        }
        Instant at = clock.instant();
        Optional<SpendBudget.Exhausted> over = tracking.ledger().overBudget(now.team(), budgets.budgetFor(now.team()), at);
        if (over.isPresent()) {
            return new ControlOutcome.Refused<>("budget-spent", String.format(Locale.ROOT,
                    "team '%s' has spent %.2f USD of its %s of %.2f USD; retry after %s", now.team(),
                    over.get().spentUsd(), over.get().limit(), over.get().budgetUsd(), over.get().resetsAt()));
        }
        Set<String> failed = tracking.ledger().failedTaskIds(now.batchId());
        if (failed.isEmpty()) {
            return new ControlOutcome.Refused<>("nothing-failed", "no task of batch " + now.batchId()
                    + " failed in its newest run; there is nothing to retry");
        }
        List<String> topics = publisher.topicsOf(now.team());
        Located located = locate(now, failed, topics);
        Map<String, Position> found = located.positions();
        if (found.size() < failed.size()) {
            return new ControlOutcome.Refused<>("tasks-expired", (failed.size() - found.size()) + " of the "
                    + failed.size() + " failed tasks are no longer on " + String.join(" or ", topics)
                    + " (their retention is shorter than this batch's life); nothing was re-published");
        }
        // Not now.run() + 1: a retry whose publication failed partway (a 503 after some sends
        // were acknowledged) wrote no RETRIED event, so now.run() is still N while tasks already
        // went out as run N + 1. Reusing N + 1 would make this retry's results duplicates of
        // those and drop them. So the next run is above every run the batch has any trace of:
        // events and results in the ledger, and re-published tasks on the tasks topic that have
        // no result yet. (Writing RETRIED for a partial publication instead would leave the
        // unpublished failed tasks waiting for a re-run that never comes, so the batch would
        // never finish and could not be retried.)
        int run = Math.max(Math.max(now.run(), tracking.ledger().highestRun(now.batchId())), located.highestRun()) + 1;
        long resubmitted = republish(now, found, run, tier);
        actions.record(now, BatchEvent.Type.RETRIED, Math.toIntExact(resubmitted), run, tier);
        metrics.tasksResubmitted(now.team(), resubmitted);
        LOG.infof("batch=%s team=%s retried %d failed tasks as run %d%s", now.batchId(), now.team(), resubmitted, run,
                tier == null ? "" : " on tier " + tier);
        return new ControlOutcome.Done<>(new RetryReceipt(now.batchId(), run, resubmitted));
    }

    /** Where a task's record sits, and the run it carries. */
    private record Position(TopicPartition partition, long offset, int run) {
    }

    /**
     * Where the first record of each failed task sits, and the highest run any record of those
     * tasks carries (re-published by an earlier retry).
     */
    private record Located(Map<String, Position> positions, int highestRun) {
    }

    private Located locate(BatchStatus batch, Set<String> failed, List<String> topics) throws Exception {
        Instant accepted = batch.acceptedAt() != null ? batch.acceptedAt() : batch.firstResultAt();
        Map<String, Position> found = new HashMap<>();
        int[] highestRun = {0};
        scanner.scanFrom(topics, accepted.minus(scanMargin), record -> {
            String id = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (id == null || !failed.contains(id)) {
                return;
            }
            Task task = EventCodec.decodeTask(record.value());
            // Ids are unique within a batch only: the same id may belong to another batch.
            if (batch.batchId().equals(task.batchId())) {
                // Key = id, so on one topic a task's first record is its first run; its runs may sit
                // on different topics (lanes switched on between them), so the lowest run wins.
                found.merge(id, new Position(new TopicPartition(record.topic(), record.partition()), record.offset(),
                        task.run()), (kept, next) -> next.run() < kept.run() ? next : kept);
                highestRun[0] = Math.max(highestRun[0], task.run());
            }
        });
        return new Located(found, highestRun[0]);
    }

    private long republish(BatchStatus batch, Map<String, Position> found, int run, String tier) throws Exception {
        String batchId = batch.batchId();
        Map<TopicPartition, List<Long>> byPartition = new HashMap<>();
        found.values().forEach(p -> byPartition.computeIfAbsent(p.partition(), k -> new ArrayList<>()).add(p.offset()));
        Map<TopicPartition, long[]> offsets = new HashMap<>();
        byPartition.forEach((p, list) -> offsets.put(p, list.stream().mapToLong(Long::longValue).sorted().toArray()));
        BatchPublication publication = publisher.open(batchId, batch.team());
        scanner.scanSelected(offsets, record -> {
            Task original = EventCodec.decodeTask(record.value());
            try {
                publication.accept(new Task(original.schemaVersion(), original.id(), original.batchId(),
                        original.type(), original.prompt(), tier != null ? tier : original.tierHint(), original.labels(),
                        original.createdAt(), original.team(), run, original.expect(), original.deadline(),
                        original.priority()));
            } catch (TaskTooLargeException e) {
                // It fitted the tasks topic once: only a limit lowered since then refuses it.
                throw new PublishFailedException(batchId, "task " + original.id() + ": " + e.getMessage(), e);
            }
        });
        return publication.finish();
    }
}
