package dev.taskfleet.worker.metrics;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.worker.execution.ModelCallObserver;
import dev.taskfleet.worker.execution.TaskCompletion;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.messaging.DeadLetterPublisher;
import io.micrometer.core.instrument.Counter;
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

    /** Counter, tags {@code tier}, {@code status}: tasks whose final result Kafka has acknowledged. */
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
    /** Counter, tags {@code tier}, {@code kind} ({@code input}/{@code output}): tokens charged. */
    public static final String MODEL_TOKENS = "taskfleet.model.tokens";
    /** Counter, tag {@code tier}: US dollars charged, at the tier's configured prices. */
    public static final String MODEL_COST = "taskfleet.model.cost";

    private static final Logger LOG = Logger.getLogger(WorkerMetrics.class);

    private final MeterRegistry registry;
    private final String tier;
    private final Map<ResultStatus, Counter> completed = new EnumMap<>(ResultStatus.class);
    private final Map<ResultStatus, Timer> processing = new EnumMap<>(ResultStatus.class);
    private final Timer modelCallSuccess;
    private final Timer modelCallFailure;
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Counter authFailures;
    private final AtomicBoolean authFailureLogged = new AtomicBoolean();
    private final Timer rateLimitWait;
    private final Counter inputTokens;
    private final Counter outputTokens;
    private final Counter cost;

    public WorkerMetrics(MeterRegistry registry, TierProfile tierProfile, InFlightLimiter limiter) {
        this.registry = registry;
        this.tier = tierProfile.tier();
        for (ResultStatus status : ResultStatus.values()) {
            String statusTag = status.name().toLowerCase(Locale.ROOT);
            completed.put(status, Counter.builder(TASKS_COMPLETED)
                    .description("Tasks whose final result Kafka has acknowledged")
                    .tags("tier", tier, "status", statusTag)
                    .register(registry));
            processing.put(status, Timer.builder(TASK_PROCESSING)
                    .description("Time from receiving a task's record to Kafka acknowledging its result")
                    .tags("tier", tier, "status", statusTag)
                    .publishPercentileHistogram()
                    .register(registry));
        }
        Gauge.builder(TASKS_IN_FLIGHT, limiter, InFlightLimiter::inFlight)
                .description("Tasks in flight: admitted and not yet acknowledged by Kafka")
                .tags("tier", tier)
                .register(registry);
        modelCallSuccess = modelCallTimer("success");
        modelCallFailure = modelCallTimer("failure");
        RoutedTaskReader.REASON_CODES.forEach(this::dlqCounter);
        dlqCounter(TaskCompletion.WORKER_ERROR);
        authFailures = Counter.builder(MODEL_AUTH_FAILURES)
                .description("Model calls refused for their credentials (HTTP 401/403)")
                .tags("tier", tier)
                .register(registry);
        rateLimitWait = Timer.builder(RATE_LIMIT_WAIT)
                .description("Time each model call waited for rate-limit capacity")
                .tags("tier", tier)
                .publishPercentileHistogram()
                .register(registry);
        inputTokens = tokenCounter("input");
        outputTokens = tokenCounter("output");
        cost = Counter.builder(MODEL_COST)
                .description("US dollars charged for model calls, at the configured prices")
                .tags("tier", tier)
                .register(registry);
    }

    /** A task's result was acknowledged by Kafka {@code sinceReceived} after its record arrived. */
    public void taskCompleted(ResultStatus status, Duration sinceReceived) {
        completed.get(status).increment();
        processing.get(status).record(sinceReceived);
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
    public void charged(long inputTokens, long outputTokens, double costUsd) {
        this.inputTokens.increment(inputTokens);
        this.outputTokens.increment(outputTokens);
        cost.increment(costUsd);
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

    private Counter tokenCounter(String kind) {
        return Counter.builder(MODEL_TOKENS)
                .description("Tokens charged for model calls")
                .tags("tier", tier, "kind", kind)
                .register(registry);
    }

    private Counter dlqCounter(String reasonCode) {
        return Counter.builder(DLQ_RECORDS)
                .description("Records set aside on the dead-letter topic")
                .tags("service", DeadLetterPublisher.SERVICE, "reason", reasonCode)
                .register(registry);
    }
}
