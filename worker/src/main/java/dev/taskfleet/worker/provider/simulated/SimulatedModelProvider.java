package dev.taskfleet.worker.provider.simulated;

import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelProvider;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.contract.TokenEstimator;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Answers model calls from per-model {@link SimulatedProfile}s. Each call is planned up front
 * ({@link #plan}) from randomness derived from (seed, task id, attempt), then completed by a
 * timer on the given scheduler: no thread waits while a call is "running", so thousands can be
 * in flight on one timer thread.
 *
 * <p>The caller owns the scheduler and shuts it down.
 */
public final class SimulatedModelProvider implements ModelProvider {

    private final Map<String, SimulatedProfile> profiles;
    private final long seed;
    private final ScheduledExecutorService timer;

    public SimulatedModelProvider(Collection<SimulatedProfile> profiles, long seed, ScheduledExecutorService timer) {
        this.profiles = profiles.stream()
                .collect(Collectors.toUnmodifiableMap(SimulatedProfile::model, Function.identity()));
        this.seed = seed;
        this.timer = timer;
    }

    @Override
    public CompletionStage<ModelResponse> complete(ModelRequest request) {
        SimulatedCall call = plan(request);
        CompletableFuture<ModelResponse> response = new CompletableFuture<>();
        Runnable finish = call.fails()
                ? () -> response.completeExceptionally(new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE,
                        "simulated model " + request.model() + " failed after " + call.latency().toMillis() + " ms", true))
                : () -> response.complete(new ModelResponse(SimulatedAnswer.text(request, call), call.inputTokens(),
                        call.outputTokens(), call.latency()));
        try {
            timer.schedule(finish, call.latency().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            response.completeExceptionally(new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE,
                    "the simulated model is shutting down", true, e));
        }
        return response;
    }

    /**
     * Decides what a call will do without running it. Depends only on the seed, the request's
     * model, task id, attempt, prompt length and {@link TaskDifficulty#LABEL} label.
     *
     * @throws ModelCallException with {@link ResultErrorCodes#UNKNOWN_MODEL} for a model no profile names
     */
    public SimulatedCall plan(ModelRequest request) {
        SimulatedProfile profile = profiles.get(request.model());
        if (profile == null) {
            throw new ModelCallException(ResultErrorCodes.UNKNOWN_MODEL, "no simulated model named '"
                    + request.model() + "'; known models are " + profiles.keySet(), false);
        }
        CallRandomness random = CallRandomness.of(seed, request.taskId(), request.attempt());
        // Fixed draw order: changing it changes every seeded run.
        boolean fails = random.uniform() < profile.failureRate();
        double latencyNanos = profile.latencyMedian().toNanos() * Math.exp(profile.latencySpread() * random.normal());
        double outputTokens = profile.outputTokensMedian() * Math.exp(profile.outputTokensSpread() * random.normal());
        // Drawn last, so adding it left every earlier seeded latency, length and outcome as it was.
        boolean malformed = random.uniform() < profile.malformedRate();
        return new SimulatedCall(
                Duration.ofNanos(Math.max(1, Math.round(latencyNanos))),
                fails,
                TokenEstimator.estimate(request.prompt()),
                Math.max(1, Math.min(request.maxOutputTokens(), Math.round(outputTokens))),
                malformed,
                TaskDifficulty.of(request.labels()) > profile.capability());
    }
}
