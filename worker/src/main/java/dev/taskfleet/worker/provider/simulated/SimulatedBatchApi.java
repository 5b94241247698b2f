package dev.taskfleet.worker.provider.simulated;

import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.batch.BatchProgress;
import dev.taskfleet.worker.batch.BatchRequest;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.RequestOutcome;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider's batch API played in the worker, for local runs, tests and benchmarks: a provider
 * batch ends {@code turnaround} after it was sent, and each request's answer (or failure) is the
 * one the {@link SimulatedModelProvider} would give the same request on its own, drawn from the
 * same seeded randomness.
 *
 * <p>Nearly stateless, so a restarted worker finds its provider batches where it left them: a
 * batch's id holds the time it was sent, and its outcomes are computed from the requests the
 * worker recorded. Only cancellations live in memory; after a restart a cancelled batch simply
 * ends on time. {@link #find} finds nothing: a batch whose sending was cut short is sent again,
 * which costs nothing here.
 */
public final class SimulatedBatchApi implements ProviderBatchApi {

    private static final String PREFIX = "simbatch_";
    private static final Duration WINDOW = Duration.ofHours(24);

    private final SimulatedModelProvider model;
    private final Duration turnaround;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    public SimulatedBatchApi(SimulatedModelProvider model, Duration turnaround, Clock clock) {
        if (turnaround.isNegative()) {
            throw new IllegalArgumentException("the turnaround cannot be negative, was " + turnaround);
        }
        this.model = model;
        this.turnaround = turnaround;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Submission> submit(String taskfleetId, List<BatchRequest> requests) {
        Instant now = clock.instant();
        String id = PREFIX + now.toEpochMilli() + "_" + sent.incrementAndGet();
        return CompletableFuture.completedFuture(new Submission(id, "in_progress", now.plus(WINDOW)));
    }

    @Override
    public CompletionStage<BatchProgress> progress(String providerBatchId) {
        Instant submitted;
        try {
            submitted = Instant.ofEpochMilli(Long.parseLong(providerBatchId.substring(PREFIX.length(),
                    providerBatchId.indexOf('_', PREFIX.length()))));
        } catch (RuntimeException notOurs) {
            return CompletableFuture.failedFuture(new ModelCallException(ResultErrorCodes.NOT_FOUND,
                    "no simulated batch " + providerBatchId, false));
        }
        boolean wasCancelled = cancelled.contains(providerBatchId);
        boolean ended = wasCancelled || !clock.instant().isBefore(submitted.plus(turnaround));
        String status = ended ? (wasCancelled ? "cancelled" : "completed") : "in_progress";
        return CompletableFuture.completedFuture(new BatchProgress(providerBatchId, status, ended,
                submitted.plus(WINDOW), providerBatchId, null, Optional.empty()));
    }

    @Override
    public CompletionStage<List<RequestOutcome>> outcomes(BatchProgress ended, List<BatchRequest> requests) {
        boolean wasCancelled = cancelled.contains(ended.providerBatchId());
        List<RequestOutcome> outcomes = new ArrayList<>(requests.size());
        for (BatchRequest request : requests) {
            if (wasCancelled) {
                outcomes.add(RequestOutcome.cancelled(request.customId()));
                continue;
            }
            SimulatedCall call;
            try {
                call = model.plan(request.request());
            } catch (ModelCallException unknownModel) {
                outcomes.add(RequestOutcome.failed(request.customId(), unknownModel));
                continue;
            }
            outcomes.add(call.fails()
                    ? RequestOutcome.failed(request.customId(), new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE,
                            "simulated model " + request.request().model() + " failed in the batch", true))
                    : RequestOutcome.answered(request.customId(), new ModelResponse(
                            SimulatedAnswer.text(request.request(), call), call.inputTokens(), call.outputTokens(),
                            call.latency())));
        }
        return CompletableFuture.completedFuture(outcomes);
    }

    @Override
    public CompletionStage<Void> cancel(String providerBatchId) {
        cancelled.add(providerBatchId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<String>> find(String taskfleetId, int requestCount, Instant from, Instant to) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public boolean findsForCertain() {
        return true;
    }
}
