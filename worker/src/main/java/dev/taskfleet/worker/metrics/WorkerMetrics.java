package dev.taskfleet.worker.metrics;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.worker.execution.ModelCallObserver;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.DoubleStream;
import org.jboss.logging.Logger;

/**
 * Every meter the worker publishes, in one place. Names are Micrometer style (dot-separated;
 * Prometheus turns {@code taskfleet.tasks.completed} into {@code taskfleet_tasks_completed_total}).
 * Timers publish percentile histograms so dashboards can aggregate quantiles across pods.
 *
 * <p>Meters whose tag values are known up front are registered at start-up, so they read 0
 * rather than being absent until the first event, and rate queries work from the first scrape.
 * Kafka client metrics and SmallRye channel metrics come on top of these, from Quarkus.
 *
 * <p>It is also the {@link ModelCallObserver} of the task executor, and the one place that reports
 * a credentials failure loudly: an ERROR log the first time per process (one tier per process),
 * and the counter every time, so a wrong key alerts without flooding the log once per task.
 */
@Startup
@Singleton
public class WorkerMetrics implements ModelCallObserver {

    /**
     * Counter, tags {@code tier}, {@code status} ({@code succeeded}/{@code failed}/{@code cancelled}/{@code budget_exceeded}),
     * {@code team}, {@code priority} (the task's class): tasks whose final result Kafka has
     * acknowledged. Escalated tasks are not counted here; the tier that finishes them is.
     */
    public static final String TASKS_COMPLETED = "taskfleet.tasks.completed";
    /** Gauge, tag {@code tier}: tasks holding an in-flight permit, from admission until their result is acknowledged. */
    public static final String TASKS_IN_FLIGHT = "taskfleet.tasks.in.flight";
    /** Timer, tags {@code tier}, {@code status}: from receiving a task's record to Kafka acknowledging its result. */
    public static final String TASK_PROCESSING = "taskfleet.task.processing";
    /** Timer, tags {@code tier}, {@code outcome} ({@code success}/{@code failure}): model call durations. */
    public static final String MODEL_CALL = "taskfleet.model.call";
    /** Counter, tags {@code service}, {@code reason}: records set aside on the DLQ, by reason code. */
    public static final String DLQ_RECORDS = "taskfleet.dlq.records";
    /** Counter, tags {@code tier}, {@code code}: failed model calls that will be made again, by error code. */
    public static final String MODEL_RETRIES = "taskfleet.model.retries";
    /** Counter, tag {@code tier}: calls the provider refused for their credentials (401/403). */
    public static final String MODEL_AUTH_FAILURES = "taskfleet.model.auth.failures";
    /** Timer, tag {@code tier}: how long each call waited for rate-limit capacity (zero included). */
    public static final String RATE_LIMIT_WAIT = "taskfleet.rate.limit.wait";
    /** Counter, tags {@code tier}, {@code kind} ({@code input}/{@code output}), {@code team}: tokens charged. */
    public static final String MODEL_TOKENS = "taskfleet.model.tokens";
    /** Counter, tags {@code tier}, {@code team}: US dollars charged, at the tier's configured prices. */
    public static final String MODEL_COST = "taskfleet.model.cost";
    /**
     * Timer, tags {@code tier}, {@code team}, {@code priority}: from the routed record's Kafka timestamp
     * to the task taking an in-flight permit; fixed buckets ({@link #QUEUE_WAIT_BUCKETS}), as the team
     * and class tags multiply the series (a class's series appears with its first task).
     */
    public static final String TASK_QUEUE_WAIT = "taskfleet.task.queue.wait";
    /**
     * Timer, tags {@code tier}, {@code status}: from the producer accepting the task
     * ({@code createdAt}) to Kafka acknowledging its final result; up to hours for big batches.
     */
    public static final String TASK_END_TO_END = "taskfleet.task.end.to.end";
    /** Counter, tags {@code from_tier}, {@code code}: tasks handed back to the router for a stronger tier, by error code. */
    public static final String TASKS_ESCALATED = "taskfleet.tasks.escalated";
    /**
     * Counter, tag {@code tier}: tasks this pod left before their first call because a rebalance gave
     * their partition to another pod, which runs them; each is a model call not paid twice.
     */
    public static final String TASKS_HANDED_OVER = "taskfleet.tasks.handed.over";
    /** Counter, tag {@code tier}: answers that failed their task's {@code expect}. */
    public static final String OUTPUT_REJECTED = "taskfleet.output.rejected";

    /**
     * Gauge, tag {@code tier}: the share of the tier's rate-limit quotas this pod takes, {@code 1 / pods}
     * for the pods now serving the tier (1 when alone or when the tier has no rate limit).
     */
    public static final String RATE_LIMIT_SHARE = "taskfleet.rate.limit.share";
    /**
     * Gauge, tag {@code tier}: tasks read and waiting in the fair intake for an in-flight permit. Near
     * zero while permits sit free means the worker reads too little ahead to keep its calls busy.
     */
    public static final String INTAKE_WAITING = "taskfleet.intake.waiting";
    /** Gauge, tag {@code tier}: input partitions the intake wants paused (its {@code pausedPartitions}). */
    public static final String INTAKE_PAUSED_PARTITIONS = "taskfleet.intake.paused.partitions";
    /** Gauge, tag {@code tier}: provider batches this pod holds that have not ended (recorded, being sent, or at the provider). */
    public static final String PROVIDER_BATCHES_IN_FLIGHT = "taskfleet.provider.batches.in.flight";
    /** Distribution summary, tag {@code tier}: requests in each provider batch sent. */
    public static final String PROVIDER_BATCH_REQUESTS = "taskfleet.provider.batch.requests";
    /**
     * Timer, tags {@code tier}, {@code outcome} (the provider's final status: {@code completed},
     * {@code expired}, {@code cancelled}, {@code failed}, {@code ended}; {@code refused} or
     * {@code lost} when the provider refused or forgot it): from sending a provider batch to its end.
     */
    public static final String PROVIDER_BATCH_COMPLETION = "taskfleet.provider.batch.completion";
    /** Counter, tag {@code tier}: requests whose provider batch's window ended before they ran. */
    public static final String PROVIDER_BATCH_REQUESTS_EXPIRED = "taskfleet.provider.batch.requests.expired";
    /**
     * Counter, tag {@code tier}: times a batch tier closed its Kafka clients and started over because
     * Kafka did not answer in time. A broker restart adds one or two; a count that keeps rising is an
     * error that lasts (a topic deleted, a broker out of reach) while liveness stays UP.
     */
    public static final String BATCH_TIER_RESTARTS = "taskfleet.batch.tier.restarts";

    /** End-to-end latency buckets reach this far: a big batch on a slow tier takes hours. */
    private static final Duration END_TO_END_MAX = Duration.ofHours(12);

    /** The tag of a task's priority class, by its wire name. */
    static final String PRIORITY_TAG = Priority.FIELD;
    /**
     * Queue wait buckets: from a free tier (well under a second) to a backlog of hours, coarse enough
     * that a bucket set per team stays cheap, fine enough for the per-team p90 the team-waiting alert reads.
     */
    static final Duration[] QUEUE_WAIT_BUCKETS = DoubleStream.of(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
                    1800, 3600, 4 * 3600)
            .mapToObj(seconds -> Duration.ofMillis(Math.round(seconds * 1000)))
            .toArray(Duration[]::new);

    /** Provider batch buckets reach past the providers' 24-hour window. */
    private static final Duration PROVIDER_BATCH_MAX = Duration.ofHours(26);

    private static final Logger LOG = Logger.getLogger(WorkerMetrics.class);

    private final MeterRegistry registry;
    private final String tier;
    private final Map<String, Counter> completed = new ConcurrentHashMap<>();
    private final Map<ResultStatus, Timer> processing = new EnumMap<>(ResultStatus.class);
    private final Map<ResultStatus, Timer> endToEnd = new EnumMap<>(ResultStatus.class);
    private final Map<String, Timer> queueWait = new ConcurrentHashMap<>();
    private final Map<String, Counter> escalated = new ConcurrentHashMap<>();
    private final Counter outputRejected;
    private final Counter handedOver;
    private final Timer modelCallSuccess;
    private final Timer modelCallFailure;
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Counter authFailures;
    private final AtomicBoolean authFailureLogged = new AtomicBoolean();
    private final Timer rateLimitWait;
    private final Map<String, Counter> tokens = new ConcurrentHashMap<>();
    private final Map<String, Counter> cost = new ConcurrentHashMap<>();
    private final AtomicInteger providerBatchesInFlight = new AtomicInteger();
    private final DistributionSummary providerBatchRequests;
    private final Map<String, Timer> providerBatchCompletion = new ConcurrentHashMap<>();
    private final Counter expiredRequests;
    private final Counter batchTierRestarts;

    public WorkerMetrics(MeterRegistry registry, TierProfile tierProfile, InFlightLimiter limiter) {
        this.registry = registry;
        this.tier = tierProfile.tier();
        for (ResultStatus status : ResultStatus.values()) {
            String statusTag = statusTag(status);
            completedCounter(status, Task.DEFAULT_TEAM, Priority.STANDARD);
            processing.put(status, Timer.builder(TASK_PROCESSING)
                    .description("Time from receiving a task's record to Kafka acknowledging its result")
                    .tags("tier", tier, "status", statusTag)
                    .publishPercentileHistogram()
                    .register(registry));
            endToEnd.put(status, Timer.builder(TASK_END_TO_END)
                    .description("Time from the producer accepting a task to Kafka acknowledging its final result")
                    .tags("tier", tier, "status", statusTag)
                    .publishPercentileHistogram()
                    .maximumExpectedValue(END_TO_END_MAX)
                    .register(registry));
        }
        queueWaitTimer(Task.DEFAULT_TEAM, Priority.STANDARD);
        escalatedCounter(ResultErrorCodes.OUTPUT_REJECTED);
        outputRejected = Counter.builder(OUTPUT_REJECTED)
                .description("Model answers that failed their task's expected output")
                .tags("tier", tier)
                .register(registry);
        handedOver = Counter.builder(TASKS_HANDED_OVER)
                .description("Tasks left before their first call because a rebalance gave their partition to another pod")
                .tags("tier", tier)
                .register(registry);
        Gauge.builder(TASKS_IN_FLIGHT, limiter, InFlightLimiter::inFlight)
                .description("Tasks in flight: admitted and not yet acknowledged by Kafka")
                .tags("tier", tier)
                .register(registry);
        modelCallSuccess = modelCallTimer("success");
        modelCallFailure = modelCallTimer("failure");
        RoutedTaskReader.REASON_CODES.forEach(this::dlqCounter);
        dlqCounter(DeadLetterReasons.WORKER_ERROR);
        authFailures = Counter.builder(MODEL_AUTH_FAILURES)
                .description("Model calls refused for their credentials (HTTP 401/403)")
                .tags("tier", tier)
                .register(registry);
        rateLimitWait = Timer.builder(RATE_LIMIT_WAIT)
                .description("Time each model call waited for rate-limit capacity")
                .tags("tier", tier)
                .publishPercentileHistogram()
                .register(registry);
        tokenCounter("input", Task.DEFAULT_TEAM);
        tokenCounter("output", Task.DEFAULT_TEAM);
        costCounter(Task.DEFAULT_TEAM);
        // Registered on every tier, so a dashboard reads 0 rather than nothing for tiers that call models directly.
        Gauge.builder(PROVIDER_BATCHES_IN_FLIGHT, providerBatchesInFlight, AtomicInteger::get)
                .description("Provider batches held by this pod that have not ended")
                .tags("tier", tier)
                .register(registry);
        providerBatchRequests = DistributionSummary.builder(PROVIDER_BATCH_REQUESTS)
                .description("Requests per provider batch sent")
                .tags("tier", tier)
                .publishPercentileHistogram()
                .register(registry);
        expiredRequests = Counter.builder(PROVIDER_BATCH_REQUESTS_EXPIRED)
                .description("Requests whose provider batch's window ended before they ran")
                .tags("tier", tier)
                .register(registry);
        batchTierRestarts = Counter.builder(BATCH_TIER_RESTARTS)
                .description("Times a batch tier started over with new Kafka clients after Kafka did not answer in time")
                .tags("tier", tier)
                .register(registry);
        completionTimer("completed");
    }

    /** A batch tier closed its Kafka clients after Kafka did not answer in time, and will start over. */
    public void batchTierRestarted() {
        batchTierRestarts.increment();
    }

    /** Publishes this pod's share of the tier's quotas, read from {@code pods} at every scrape. */
    public void quotaSplit(IntSupplier pods) {
        // Strong: a gauge holds its state weakly, and nothing else holds this method reference.
        Gauge.builder(RATE_LIMIT_SHARE, pods, supplier -> 1.0 / supplier.getAsInt())
                .description("Share of the tier's rate-limit quotas this pod takes")
                .tags("tier", tier)
                .strongReference(true)
                .register(registry);
    }

    /** Publishes how much the fair intake holds, read from {@code intake} at every scrape. */
    public void intake(FairIntake intake) {
        Gauge.builder(INTAKE_WAITING, intake, FairIntake::waiting)
                .description("Tasks read and waiting for an in-flight permit")
                .tags("tier", tier)
                .strongReference(true)
                .register(registry);
        Gauge.builder(INTAKE_PAUSED_PARTITIONS, intake, FairIntake::pausedPartitions)
                .description("Input partitions paused: their read-ahead is full, or the intake is and they have tasks waiting")
                .tags("tier", tier)
                .strongReference(true)
                .register(registry);
    }

    /** Provider batches this pod holds now. */
    public void providerBatchesInFlight(int held) {
        providerBatchesInFlight.set(held);
    }

    /** A provider batch of {@code requests} requests was sent. */
    public void providerBatchSent(int requests) {
        providerBatchRequests.record(requests);
    }

    /** A provider batch ended as {@code outcome}, {@code sinceSent} after it was sent; {@code expired} of its requests expired. */
    public void providerBatchEnded(String outcome, Duration sinceSent, int expired) {
        completionTimer(outcome).record(sinceSent.isNegative() ? Duration.ZERO : sinceSent);
        expiredRequests.increment(expired);
    }

    private Timer completionTimer(String outcome) {
        return providerBatchCompletion.computeIfAbsent(outcome, o -> Timer.builder(PROVIDER_BATCH_COMPLETION)
                .description("Time from sending a provider batch to its end")
                .tags("tier", tier, "outcome", o)
                .publishPercentileHistogram()
                .maximumExpectedValue(PROVIDER_BATCH_MAX)
                .register(registry));
    }

    /**
     * A task's final result was acknowledged by Kafka {@code sinceReceived} after its record arrived
     * and {@code endToEnd} after the producer accepted the task ({@code null} when unknown).
     */
    public void taskCompleted(ResultStatus status, String team, Priority priority, Duration sinceReceived,
            Duration endToEnd) {
        completedCounter(status, team, priority).increment();
        processing.get(status).record(sinceReceived);
        if (endToEnd != null) {
            this.endToEnd.get(status).record(endToEnd.isNegative() ? Duration.ZERO : endToEnd);
        }
    }

    /** A task of {@code team} and {@code priority} waited {@code waited} in the tier topic before being admitted. */
    public void queueWaited(String team, Priority priority, Duration waited) {
        queueWaitTimer(team, priority).record(waited.isNegative() ? Duration.ZERO : waited);
    }

    private Timer queueWaitTimer(String team, Priority priority) {
        return queueWait.computeIfAbsent(team + "/" + priority.wireName(), key -> Timer.builder(TASK_QUEUE_WAIT)
                .description("Time from the router writing a task to the tier topic to a worker admitting it")
                .tags("tier", tier, "team", team, PRIORITY_TAG, priority.wireName())
                .serviceLevelObjectives(QUEUE_WAIT_BUCKETS)
                .register(registry));
    }

    /** Kafka acknowledged a task's escalation request; {@code code} is why it failed here. */
    public void escalated(String code) {
        escalatedCounter(code).increment();
    }

    /** A task was left to the pod its partition went to, before its first call here. */
    public void handedOver() {
        handedOver.increment();
    }

    /** {@code count} tasks waiting in the intake were left to the pod their partition went to. */
    public void handedOver(int count) {
        if (count > 0) {
            handedOver.increment(count);
        }
    }

    @Override
    public void outputRejected() {
        outputRejected.increment();
    }

    @Override
    public void callFinished(boolean succeeded, Duration elapsed) {
        (succeeded ? modelCallSuccess : modelCallFailure).record(elapsed);
    }

    @Override
    public void retrying(String code) {
        retries.computeIfAbsent(code, c -> Counter.builder(MODEL_RETRIES)
                .description("Failed model calls that will be made again, by error code")
                .tags("tier", tier, "code", c)
                .register(registry)).increment();
    }

    @Override
    public void rateLimitWaited(Duration waited) {
        rateLimitWait.record(waited);
    }

    @Override
    public void authFailed() {
        authFailures.increment();
        if (authFailureLogged.compareAndSet(false, true)) {
            LOG.errorf("tier %s: the model provider refused the credentials (HTTP 401/403); every task of this tier "
                    + "will fail with AUTH_FAILED until taskfleet.tiers.%s.api-key (or api-key-file) is fixed. "
                    + "Logged once; see %s", tier, tier, MODEL_AUTH_FAILURES);
        }
    }

    @Override
    public void charged(String team, long inputTokens, long outputTokens, double costUsd) {
        tokenCounter("input", team).increment(inputTokens);
        tokenCounter("output", team).increment(outputTokens);
        costCounter(team).increment(costUsd);
    }

    /** A record was written to the DLQ for {@code reasonCode}. */
    public void deadLettered(String reasonCode) {
        dlqCounter(reasonCode).increment();
    }

    private Timer modelCallTimer(String outcome) {
        return Timer.builder(MODEL_CALL)
                .description("Duration of model calls")
                .tags("tier", tier, "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter completedCounter(ResultStatus status, String team, Priority priority) {
        String key = status + "/" + team + "/" + priority.wireName();
        return completed.computeIfAbsent(key, k -> Counter.builder(TASKS_COMPLETED)
                .description("Tasks whose final result Kafka has acknowledged")
                .tags("tier", tier, "status", statusTag(status), "team", team, PRIORITY_TAG, priority.wireName())
                .register(registry));
    }

    private Counter escalatedCounter(String code) {
        return escalated.computeIfAbsent(code, c -> Counter.builder(TASKS_ESCALATED)
                .description("Tasks handed back to the router for a stronger tier, by why they failed here")
                .tags("from_tier", tier, "code", c)
                .register(registry));
    }

    private Counter tokenCounter(String kind, String team) {
        return tokens.computeIfAbsent(kind + "/" + team, key -> Counter.builder(MODEL_TOKENS)
                .description("Tokens charged for model calls")
                .tags("tier", tier, "kind", kind, "team", team)
                .register(registry));
    }

    private Counter costCounter(String team) {
        return cost.computeIfAbsent(team, t -> Counter.builder(MODEL_COST)
                .description("US dollars charged for model calls, at the configured prices")
                .tags("tier", tier, "team", t)
                .register(registry));
    }

    private static String statusTag(ResultStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private Counter dlqCounter(String reasonCode) {
        return Counter.builder(DLQ_RECORDS)
                .description("Records set aside on the dead-letter topic")
                .tags("service", DeadLetterHeaders.WORKER, "reason", reasonCode)
                .register(registry);
    }
}
