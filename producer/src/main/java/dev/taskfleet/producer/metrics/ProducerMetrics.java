package dev.taskfleet.producer.metrics;

import dev.taskfleet.contract.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Every meter the producer publishes (Kafka's own client metrics aside, which
 * {@link dev.taskfleet.producer.publish.TaskPublisher} binds). Names are dot-separated and
 * counters carry no {@code total} suffix; Prometheus adds {@code _total} and unit suffixes.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@value #TASKS_ACCEPTED}</td><td>counter</td><td>{@code team}</td></tr>
 * <tr><td>{@value #TASKS_REJECTED}</td><td>counter</td><td>{@code field}</td></tr>
 * <tr><td>{@value #BATCHES_ACCEPTED}</td><td>counter</td><td>-</td></tr>
 * <tr><td>{@value #BATCH_SUBMISSION}</td><td>timer, percentile histogram</td><td>{@code outcome}</td></tr>
 * <tr><td>{@value #RESULTS_DUPLICATES}</td><td>counter</td><td>-</td></tr>
 * <tr><td>{@value #TRACKER_SKIPPED}</td><td>counter</td><td>{@code topic}</td></tr>
 * <tr><td>{@value #TRACKER_CHECKPOINTS}</td><td>counter</td><td>{@code outcome}</td></tr>
 * <tr><td>{@value #BATCHES_ACTIVE}</td><td>gauge</td><td>-</td></tr>
 * <tr><td>{@value #AUTH_FAILURES}</td><td>counter</td><td>{@code reason}</td></tr>
 * <tr><td>{@value #TASKS_RESUBMITTED}</td><td>counter</td><td>{@code team}</td></tr>
 * <tr><td>{@value #BATCHES_CANCELLED}</td><td>counter</td><td>{@code team}</td></tr>
 * <tr><td>{@value #BATCHES_BUDGET_STOPPED}</td><td>counter</td><td>{@code team}, {@code budget}</td></tr>
 * <tr><td>{@value #TEAM_SPEND}</td><td>gauge, US dollars</td><td>{@code team}, {@code period}</td></tr>
 * <tr><td>{@value #TEAM_BUDGET}</td><td>gauge, US dollars</td><td>{@code team}, {@code period}</td></tr>
 * <tr><td>{@value #TEAM_TASKS_QUEUED}</td><td>gauge</td><td>{@code team}, {@code priority}</td></tr>
 * </table>
 */
@ApplicationScoped
public class ProducerMetrics {

    public static final String TASKS_ACCEPTED = "taskfleet.tasks.accepted";
    public static final String TASKS_REJECTED = "taskfleet.tasks.rejected";
    public static final String BATCHES_ACCEPTED = "taskfleet.batches.accepted";
    public static final String BATCH_SUBMISSION = "taskfleet.batch.submission";
    public static final String RESULTS_DUPLICATES = "taskfleet.results.duplicates";
    public static final String TRACKER_SKIPPED = "taskfleet.tracker.records.skipped";
    public static final String TRACKER_CHECKPOINTS = "taskfleet.tracker.checkpoints";
    public static final String BATCHES_ACTIVE = "taskfleet.batches.active";
    public static final String TRACKER_TASK_SLOTS = "taskfleet.tracker.task.slots";
    public static final String AUTH_FAILURES = "taskfleet.auth.failures";
    public static final String TASKS_RESUBMITTED = "taskfleet.tasks.resubmitted";
    public static final String BATCHES_CANCELLED = "taskfleet.batches.cancelled";
    public static final String BATCHES_BUDGET_STOPPED = "taskfleet.batches.budget.stopped";
    public static final String TEAM_SPEND = "taskfleet.team.spend";
    public static final String TEAM_BUDGET = "taskfleet.team.budget";
    /**
     * Tasks of a team's running batches without a final result (queued on a tier or being worked
     * on), from this replica's ledger, which every replica holds whole: read it with {@code max by (team)}.
     */
    public static final String TEAM_TASKS_QUEUED = "taskfleet.team.tasks.queued";

    /** Tag of the per-team meters: the caller's team (a small set: teams are configured). */
    public static final String TEAM_TAG = "team";
    /** A task's priority class, by its wire name. */
    public static final String PRIORITY_TAG = Priority.FIELD;
    /** Tag of {@link #AUTH_FAILURES}: {@code missing} or {@code invalid}. */
    public static final String REASON_TAG = "reason";
    /** Tag of {@link #BATCHES_BUDGET_STOPPED}: the budget spent, {@code daily-budget-usd} or {@code monthly-budget-usd}. */
    public static final String BUDGET_TAG = "budget";
    /** Tag of {@link #TEAM_SPEND} and {@link #TEAM_BUDGET}: {@code day} or {@code month} (UTC). */
    public static final String PERIOD_TAG = "period";
    /** Tag of {@link #TRACKER_SKIPPED}: the topic the undecodable record was on. */
    public static final String TOPIC_TAG = "topic";

    /** Tag of {@link #TASKS_REJECTED}: what was wrong, from {@link dev.taskfleet.producer.batch.RejectionField}. */
    public static final String FIELD_TAG = "field";
    /** Tag of {@link #BATCH_SUBMISSION}: how the submission ended, one of {@link Outcome}. */
    public static final String OUTCOME_TAG = "outcome";

    /** How a batch submission ended; the values of the {@code outcome} tag. */
    public enum Outcome {
        /** 202: valid tasks published. */
        ACCEPTED("accepted"),
        /** 400: no valid task, or the body could not be read. */
        INVALID("invalid"),
        /** 413: over the byte or task limit. */
        TOO_LARGE("too_large"),
        /** 415: neither NDJSON nor JSON. */
        UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
        /** 429: the team has its most batches in flight. */
        TOO_MANY_IN_FLIGHT("too_many_in_flight"),
        /** 429: the team has spent its daily or monthly budget. */
        OVER_BUDGET("over_budget"),
        /** 503: Kafka did not take every task. */
        PUBLISH_FAILED("publish_failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter batchesAccepted;
    private final Counter duplicates;

    @Inject
    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchesAccepted = Counter.builder(BATCHES_ACCEPTED)
                .description("Batches answered 202 Accepted")
                .register(registry);
        this.duplicates = Counter.builder(RESULTS_DUPLICATES)
                .description("Result records dropped as repeats of a task run already counted (read since this replica started)")
                .register(registry);
    }

    public void tasksAccepted(String team, long count) {
        Counter.builder(TASKS_ACCEPTED)
                .description("Tasks validated and acknowledged by Kafka on the tasks topic")
                .tag(TEAM_TAG, team)
                .register(registry)
                .increment(count);
    }

    public void duplicateResult() {
        duplicates.increment();
    }

    /** A checkpoint of the batch tracker was written whole ({@code written}) or not ({@code failed}). */
    public void trackerCheckpoint(boolean whole) {
        Counter.builder(TRACKER_CHECKPOINTS)
                .description("Checkpoints of the batch tracker this replica wrote to the tracker-checkpoints topic")
                .tag(OUTCOME_TAG, whole ? "written" : "failed")
                .register(registry)
                .increment();
    }

    public void trackerSkipped(String topic) {
        Counter.builder(TRACKER_SKIPPED)
                .description("Records on the batches or results topic the tracker could not decode and skipped")
                .tag(TOPIC_TAG, topic)
                .register(registry)
                .increment();
    }

    /** Publishes the number of running batches, asked for on every scrape. */
    public void activeBatches(Supplier<Number> running) {
        Gauge.builder(BATCHES_ACTIVE, running)
                .description("Accepted batches still running (not completed, cancelled or stopped at the budget), over all teams")
                .register(registry);
    }

    /**
     * Publishes how many per-task slots the batch ledger holds (tasks of batches not yet sealed),
     * asked for on every scrape: what a replica's heap follows, rather than its history.
     */
    public void trackerTaskSlots(Supplier<Number> slots) {
        Gauge.builder(TRACKER_TASK_SLOTS, slots)
                .description("Tasks whose slot the batch ledger holds: those of batches not finished (finished ones are sealed)")
                .register(registry);
    }

    public void authFailure(String reason) {
        Counter.builder(AUTH_FAILURES)
                .description("API calls refused with 401, by reason: missing or invalid key")
                .tag(REASON_TAG, reason)
                .register(registry)
                .increment();
    }

    public void tasksResubmitted(String team, long count) {
        Counter.builder(TASKS_RESUBMITTED)
                .description("Failed tasks re-published as a new run by a retry")
                .tag(TEAM_TAG, team)
                .register(registry)
                .increment(count);
    }

    public void batchCancelled(String team) {
        Counter.builder(BATCHES_CANCELLED)
                .description("Batches cancelled")
                .tag(TEAM_TAG, team)
                .register(registry)
                .increment();
    }

    /** A running batch of {@code team} was stopped because {@code budget} was spent. */
    public void batchStoppedAtBudget(String team, String budget) {
        Counter.builder(BATCHES_BUDGET_STOPPED)
                .description("Running batches stopped because their team spent a budget")
                .tag(TEAM_TAG, team)
                .tag(BUDGET_TAG, budget)
                .register(registry)
                .increment();
    }

    /**
     * Publishes {@code team}'s queued tasks per priority class, asked for on every scrape; registering
     * a team twice changes nothing. Every class has its series, at zero when the team has none of it,
     * so a panel shows a class draining to zero rather than a line that stops.
     */
    public void watchTeamQueue(String team, ToLongFunction<Priority> queued) {
        for (Priority priority : Priority.values()) {
            Gauge.builder(TEAM_TASKS_QUEUED, () -> queued.applyAsLong(priority)).strongReference(true)
                    .description("Tasks of the team's running batches without a final result: queued on a tier or being worked on")
                    .tags(TEAM_TAG, team, PRIORITY_TAG, priority.wireName()).register(registry);
        }
    }

    /**
     * Publishes {@code team}'s spend in the current UTC day and month, and its budgets where set,
     * as gauges; registering a team twice changes nothing. The gauges hold their supplier strongly:
     * nothing else keeps it, and a weakly held one would read NaN after the next collection.
     */
    public void watchTeamSpend(String team, Supplier<double[]> spentDayAndMonth, Double dailyBudgetUsd,
            Double monthlyBudgetUsd) {
        Gauge.builder(TEAM_SPEND, spentDayAndMonth, s -> s.get()[0]).baseUnit("usd").strongReference(true)
                .description("What the team's counted results cost in the current UTC period")
                .tags(TEAM_TAG, team, PERIOD_TAG, "day").register(registry);
        Gauge.builder(TEAM_SPEND, spentDayAndMonth, s -> s.get()[1]).baseUnit("usd").strongReference(true)
                .description("What the team's counted results cost in the current UTC period")
                .tags(TEAM_TAG, team, PERIOD_TAG, "month").register(registry);
        if (dailyBudgetUsd != null) {
            Gauge.builder(TEAM_BUDGET, () -> dailyBudgetUsd).baseUnit("usd").description("The team's spend budget")
                    .tags(TEAM_TAG, team, PERIOD_TAG, "day").register(registry);
        }
        if (monthlyBudgetUsd != null) {
            Gauge.builder(TEAM_BUDGET, () -> monthlyBudgetUsd).baseUnit("usd").description("The team's spend budget")
                    .tags(TEAM_TAG, team, PERIOD_TAG, "month").register(registry);
        }
    }

    public void tasksRejected(Map<String, Long> byField) {
        byField.forEach((field, count) -> Counter.builder(TASKS_REJECTED)
                .description("Submitted tasks refused, by what was wrong with them")
                .tag(FIELD_TAG, field)
                .register(registry)
                .increment(count));
    }

    public void batchAccepted() {
        batchesAccepted.increment();
    }

    public Timer.Sample startSubmission() {
        return Timer.start(registry);
    }

    public void submissionEnded(Timer.Sample sample, Outcome outcome) {
        sample.stop(Timer.builder(BATCH_SUBMISSION)
                .description("Time from receiving a batch to answering it, including Kafka's acknowledgements")
                .tag(OUTCOME_TAG, outcome.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry));
    }
}
