package dev.taskfleet.worker.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.execution.ModelCallRunner;
import dev.taskfleet.worker.execution.TaskExecutor;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.flow.PartitionOwnership;
import dev.taskfleet.worker.flow.Scheduler;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.anthropic.AnthropicBatchApi;
import dev.taskfleet.worker.provider.anthropic.AnthropicMessagesProvider;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import dev.taskfleet.worker.provider.openai.OpenAiBatchApi;
import dev.taskfleet.worker.provider.openai.OpenAiChatProvider;
import dev.taskfleet.worker.provider.simulated.SimulatedBatchApi;
import dev.taskfleet.worker.provider.simulated.SimulatedModelProvider;
import dev.taskfleet.worker.provider.simulated.SimulatedProfile;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds the pure core (tier profile, limiters, provider, retries, escalation policy, cancellation
 * registry, executor, reader) from {@link WorkerConfig}. The Kafka side binds the core to its
 * publishers itself ({@code messaging.PublishingCompletion}), so configuration never depends on
 * messaging.
 */
@Singleton
public class WorkerComponents {

    /** Upper bound of {@code taskfleet.worker.max-in-flight}; beyond it one pod should become several. */
    static final int MAX_IN_FLIGHT_CEILING = 10_000;
    private static final String MODEL_TIMER = "model-timer";
    private static final Logger LOG = Logger.getLogger(WorkerComponents.class);

    @Produces
    @Singleton
    TopicNames topicNames(WorkerConfig config) {
        return config.topicNames();
    }

    @Produces
    @Singleton
    TierProfile tierProfile(WorkerConfig config) {
        String tier = TopicNames.requireValidTier(config.worker().tier());
        if (!config.tierOrder().contains(tier)) {
            throw new IllegalStateException("taskfleet.worker.tier=" + tier + " is not one of taskfleet.tier-order="
                    + String.join(",", config.tierOrder()));
        }
        WorkerConfig.Tier settings = config.tiers().get(tier);
        Price price = new Price(settings.price().inputPerMillion(), settings.price().outputPerMillion());
        if (price.equals(Price.FREE)) {
            LOG.warnf("tier %s has no price (taskfleet.tiers.%s.price.*): every result will report a cost of 0",
                    tier, tier);
        }
        return new TierProfile(tier, settings.model().orElse("sim-" + tier), settings.maxOutputTokens(), price);
    }

    @Produces
    @Singleton
    InFlightLimiter inFlightLimiter(WorkerConfig config) {
        int limit = config.worker().maxInFlight();
        if (limit < 1 || limit > MAX_IN_FLIGHT_CEILING) {
            throw new IllegalStateException("taskfleet.worker.max-in-flight must be between 1 and "
                    + MAX_IN_FLIGHT_CEILING + ", was " + limit);
        }
        return new InFlightLimiter(limit);
    }

    @Produces
    @Singleton
    PartitionOwnership partitionOwnership() {
        return new PartitionOwnership();
    }

    /**
     * Simulated calls, retry back-offs and rate-limit waits all resume on this timer. One thread is
     * plenty: it only fires timers and starts or completes futures, it never waits on a call.
     */
    @Produces
    @Singleton
    @Identifier(MODEL_TIMER)
    ScheduledExecutorService modelTimer() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, MODEL_TIMER);
            thread.setDaemon(true);
            return thread;
        });
    }

    void closeModelTimer(@Disposes @Identifier(MODEL_TIMER) ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    /** The tier's provider; an unknown one fails start-up naming the key. */
    @Produces
    @Singleton
    ProviderKind providerKind(WorkerConfig config, TierProfile tier) {
        return ProviderSettings.kind(tier.tier(), config.tiers().get(tier.tier()));
    }

    /**
     * The tier's model, called one request at a time. A batch tier has one too (the same provider's
     * single-call API), so every tier builds the same beans; only a batch tier's loop never calls it.
     */
    @Produces
    @Singleton
    ModelProvider modelProvider(WorkerConfig config, TierProfile tier, ProviderKind kind,
            @Identifier(MODEL_TIMER) ScheduledExecutorService timer) {
        if (!kind.http()) {
            return simulated(config, tier, timer);
        }
        HttpEndpoint endpoint = endpoint(config, tier, kind);
        return kind.anthropic()
                ? new AnthropicMessagesProvider(ProviderHttp.defaultClient(endpoint), endpoint, new ObjectMapper(),
                        Clock.systemUTC(), System::nanoTime)
                : new OpenAiChatProvider(ProviderHttp.defaultClient(endpoint), endpoint, new ObjectMapper(),
                        Clock.systemUTC(), System::nanoTime);
    }

    /** A batch tier's provider batch API; asked for only on a batch tier. */
    @Produces
    @Singleton
    ProviderBatchApi providerBatchApi(WorkerConfig config, TierProfile tier, ProviderKind kind,
            @Identifier(MODEL_TIMER) ScheduledExecutorService timer) {
        if (!kind.batch()) {
            throw new IllegalStateException("tier " + tier.tier() + " calls its model directly (provider "
                    + kind.configName() + "); it has no batch API");
        }
        if (!kind.http()) {
            Duration turnaround = config.tiers().get(tier.tier()).simulated().batchTurnaround();
            LOG.infof("tier %s runs through a simulated batch API answering each provider batch after %s",
                    tier.tier(), turnaround);
            return new SimulatedBatchApi(simulated(config, tier, timer), turnaround, Clock.systemUTC());
        }
        HttpEndpoint endpoint = endpoint(config, tier, kind);
        return kind.anthropic()
                ? new AnthropicBatchApi(ProviderHttp.defaultClient(endpoint), endpoint, new ObjectMapper(),
                        Clock.systemUTC())
                : new OpenAiBatchApi(ProviderHttp.defaultClient(endpoint), endpoint, new ObjectMapper(),
                        Clock.systemUTC());
    }

    private static HttpEndpoint endpoint(WorkerConfig config, TierProfile tier, ProviderKind kind) {
        HttpEndpoint endpoint = ProviderSettings.endpoint(tier.tier(), kind, config.tiers().get(tier.tier()));
        if (tier.model().startsWith("sim-")) {
            LOG.warnf("tier %s calls %s with the simulated model name %s; set taskfleet.tiers.%s.model", tier.tier(),
                    kind.configName(), tier.model(), tier.tier());
        }
        LOG.infof("tier %s calls model %s at %s (%s, API key %s)", tier.tier(), tier.model(), endpoint.baseUrl(),
                kind.configName(), endpoint.apiKey().isPresent() ? "set" : "not set");
        return endpoint;
    }

    private static SimulatedModelProvider simulated(WorkerConfig config, TierProfile tier,
            ScheduledExecutorService timer) {
        WorkerConfig.SimulatedModel simulated = config.tiers().get(tier.tier()).simulated();
        SimulatedProfile profile = new SimulatedProfile(tier.model(), simulated.latencyMedian(),
                simulated.latencySpread(), simulated.failureRate(), simulated.outputTokensMedian(),
                simulated.outputTokensSpread(), simulated.malformedRate(), simulated.capability());
        return new SimulatedModelProvider(List.of(profile), config.simulated().seed(), timer);
    }

    @Produces
    @Singleton
    CancellationRegistry cancellationRegistry() {
        return new CancellationRegistry();
    }

    /**
     * The tier's retries, refused when its slowest task would outlast what the commit strategy
     * tolerates ({@link TaskAgeCheck}): such a worker would be restarted mid-task and redo the same
     * work in a loop. A batch tier reads with its own consumer and commits when a task is recorded,
     * not when it ends, so the check does not apply there.
     */
    @Produces
    @Singleton
    RetryPolicy retryPolicy(WorkerConfig config, TierProfile tier, ProviderKind kind,
            @ConfigProperty(name = TaskAgeCheck.MAX_AGE_KEY, defaultValue = TaskAgeCheck.CONNECTOR_DEFAULT_MAX_AGE_MS)
            long maxRecordAgeMillis) {
        WorkerConfig.Tier settings = config.tiers().get(tier.tier());
        RetryPolicy retries;
        try {
            retries = new RetryPolicy(settings.maxAttempts(), settings.retry().initialBackoff(),
                    settings.retry().multiplier(), settings.retry().maxBackoff(), settings.maxRetryAfter(),
                    settings.maxOutputRejections());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid taskfleet.tiers." + tier.tier() + ".max-attempts, "
                    + "max-retry-after, max-output-rejections or retry.*: " + e.getMessage(), e);
        }
        if (!kind.batch()) {
            WorkerConfig.Worker worker = config.worker();
            TaskAgeCheck.requireTolerated(tier.tier(), retries, settings.timeout(), Duration.ofMillis(maxRecordAgeMillis),
                    new TaskAgeCheck.Intake(worker.maxInFlight(), worker.maxWaiting().orElse(worker.maxInFlight()),
                            worker.maxIntakeWait()));
        }
        return retries;
    }

    /** How tasks leave this tier: results and escalation requests, stamped with this worker's id. */
    @Produces
    @Singleton
    TaskOutcomes taskOutcomes(WorkerConfig config, TierProfile tier) {
        return new TaskOutcomes(tier, workerId(config), Clock.systemUTC(), new EscalationPolicy(config.tierOrder()));
    }

    /** This pod's share of the tier's quotas; {@code messaging.QuotaSplitWatch} keeps the split current. */
    @Produces
    @Singleton
    TierRateLimiter rateLimiter(WorkerConfig config, TierProfile tier, WorkerMetrics metrics) {
        WorkerConfig.Tier settings = config.tiers().get(tier.tier());
        TierRateLimiter rateLimiter;
        try {
            rateLimiter = TierRateLimiter.fleetShare(settings.rateLimit().requestsPerMinute(),
                    settings.rateLimit().tokensPerMinute(), System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid taskfleet.tiers." + tier.tier() + ".rate-limit.*: "
                    + e.getMessage(), e);
        }
        metrics.quotaSplit(rateLimiter::pods);
        return rateLimiter;
    }

    @Produces
    @Singleton
    TaskExecutor taskExecutor(WorkerConfig config, ModelProvider provider, TierProfile tier, RetryPolicy retries,
            WorkerMetrics metrics, CancellationRegistry cancellations, TierRateLimiter rateLimiter,
            @Identifier(MODEL_TIMER) ScheduledExecutorService timer) {
        ModelCallRunner calls = new ModelCallRunner(provider, retries, rateLimiter, Scheduler.on(timer),
                () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime, metrics);
        return new TaskExecutor(calls, retries.maxAttempts(), tier, workerId(config), Clock.systemUTC(), metrics,
                new EscalationPolicy(config.tierOrder()), cancellations);
    }

    @Produces
    @Singleton
    RoutedTaskReader routedTaskReader(WorkerConfig config, TierProfile tier) {
        return new RoutedTaskReader(tier.tier(), new TaskValidator(config.validationLimits()));
    }

    /** {@code taskfleet.worker.id}, or {@code <hostname>-<pid>}. */
    static String workerId(WorkerConfig config) {
        return config.worker().id().orElseGet(WorkerComponents::defaultWorkerId);
    }

    /** {@code <hostname>-<pid>}: the pod name on Kubernetes, where HOSTNAME is the pod's name. */
    static String defaultWorkerId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "worker";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
