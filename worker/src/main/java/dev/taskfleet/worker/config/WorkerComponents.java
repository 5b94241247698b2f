package dev.taskfleet.worker.config;

import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.worker.execution.ModelCallRunner;
import dev.taskfleet.worker.execution.TaskExecutor;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.flow.Scheduler;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.openai.OpenAiChatProvider;
import dev.taskfleet.worker.provider.openai.OpenAiSettings;
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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ScheduledExecutorService;
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

    @Produces
    @Singleton
    ModelProvider modelProvider(WorkerConfig config, TierProfile tier,
            @Identifier(MODEL_TIMER) ScheduledExecutorService timer) {
        WorkerConfig.Tier settings = config.tiers().get(tier.tier());
        if (ProviderSettings.kind(tier.tier(), settings).equals(ProviderSettings.OPENAI)) {
            OpenAiSettings openAi = ProviderSettings.openAi(tier.tier(), settings);
            if (tier.model().startsWith("sim-")) {
                LOG.warnf("tier %s calls an OpenAI-compatible provider with the simulated model name %s; "
                        + "set taskfleet.tiers.%s.model", tier.tier(), tier.model(), tier.tier());
            }
            LOG.infof("tier %s calls model %s at %s (OpenAI-compatible, API key %s)", tier.tier(), tier.model(),
                    openAi.baseUrl(), openAi.apiKey().isPresent() ? "set" : "not set");
            return new OpenAiChatProvider(OpenAiChatProvider.defaultClient(openAi), openAi, new ObjectMapper(),
                    Clock.systemUTC(), System::nanoTime);
        }
        WorkerConfig.SimulatedModel simulated = settings.simulated();
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

    @Produces
    @Singleton
    TaskExecutor taskExecutor(WorkerConfig config, ModelProvider provider, TierProfile tier, WorkerMetrics metrics,
            CancellationRegistry cancellations, @Identifier(MODEL_TIMER) ScheduledExecutorService timer) {
        WorkerConfig.Tier settings = config.tiers().get(tier.tier());
        String prefix = "taskfleet.tiers." + tier.tier() + ".";
        RetryPolicy retries;
        TierRateLimiter rateLimiter;
        try {
            retries = new RetryPolicy(settings.maxAttempts(), settings.retry().initialBackoff(),
                    settings.retry().multiplier(), settings.retry().maxBackoff(), settings.maxRetryAfter(),
                    settings.maxOutputRejections());
            rateLimiter = TierRateLimiter.fleetShare(settings.rateLimit().requestsPerMinute(),
                    settings.rateLimit().tokensPerMinute(), config.worker().replicas(), System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid " + prefix + "max-attempts, max-retry-after, "
                    + "max-output-rejections, retry.*, rate-limit.* or taskfleet.worker.replicas: " + e.getMessage(), e);
        }
        ModelCallRunner calls = new ModelCallRunner(provider, retries, rateLimiter, Scheduler.on(timer),
                () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime, metrics);
        String workerId = config.worker().id().orElseGet(WorkerComponents::defaultWorkerId);
        return new TaskExecutor(calls, retries.maxAttempts(), tier, workerId, Clock.systemUTC(), metrics,
                new EscalationPolicy(config.tierOrder()), cancellations);
    }

    @Produces
    @Singleton
    RoutedTaskReader routedTaskReader(WorkerConfig config, TierProfile tier) {
        return new RoutedTaskReader(tier.tier(), new TaskValidator(config.validationLimits()));
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
