package dev.taskfleet.worker.batch;

import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What to do next with a provider batch this worker owns, from its state, its requests and the time:
 *
 * <ul>
 *   <li>PENDING: {@link Submit} what is not cancelled (the cancelled ones end CANCELLED on the way),
 *       or {@link EndCancelled} when nothing is left to send; not before {@code notBefore}.</li>
 *   <li>SUBMITTING, with no submission of this worker running: a worker stopped between writing
 *       SUBMITTING and SUBMITTED, or a submission got no clear answer. {@link Search} the provider for
 *       a batch created from {@link #SKEW} before {@code submittingSince} to {@link #SKEW} after the
 *       longest a submission can take (two calls of the tier's timeout: an upload and a create).
 *       Found: it is ours. Not found while that window is still open: ask again after a poll
 *       interval (the creating call may still be on its way). Not found once it closed
 *       ({@link Search#lastChance()}): nothing was created, send it again.</li>
 *   <li>SUBMITTED: {@link Cancel} once every request belongs to a cancelled batch run, else
 *       {@link Poll} every poll interval.</li>
 * </ul>
 */
public final class ProviderBatchSteps {

    /** Allowance for the clocks of this worker, the one before it and the provider disagreeing. */
    public static final Duration SKEW = Duration.ofMinutes(5);

    /** A step for the loop to take. */
    public sealed interface Step permits Submit, EndCancelled, Search, Poll, Cancel {

        ProviderBatch batch();
    }

    /** Send {@code toSend}; end {@code cancelled} CANCELLED first. */
    public record Submit(ProviderBatch batch, List<ProviderBatchRequest> toSend, List<ProviderBatchRequest> cancelled)
            implements Step {
    }

    /** Every request belongs to a cancelled run: end them all CANCELLED, send nothing. */
    public record EndCancelled(ProviderBatch batch, List<ProviderBatchRequest> cancelled) implements Step {
    }

    /** Look for the provider batch created between {@code from} and {@code to}. */
    public record Search(ProviderBatch batch, Instant from, Instant to, boolean lastChance) implements Step {
    }

    /** Ask the provider where the batch is. */
    public record Poll(ProviderBatch batch) implements Step {
    }

    /** Ask the provider to cancel the batch. */
    public record Cancel(ProviderBatch batch) implements Step {
    }

    private final Duration pollInterval;
    private final Duration callTimeout;
    private final RequestResolver resolver;

    /** @param callTimeout the longest one HTTP call to the provider may take */
    public ProviderBatchSteps(Duration pollInterval, Duration callTimeout, RequestResolver resolver) {
        this.pollInterval = pollInterval;
        this.callTimeout = callTimeout;
        this.resolver = resolver;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * @param lastAsked when this worker last asked the provider about the batch, or {@code null}
     */
    public Optional<Step> next(ProviderBatch batch, List<ProviderBatchRequest> requests, Instant now, Instant lastAsked) {
        return switch (batch.state()) {
            case PENDING -> pending(batch, requests, now);
            case SUBMITTING -> due(now, lastAsked) ? Optional.of(search(batch, now)) : Optional.empty();
            case SUBMITTED -> submitted(batch, requests, now, lastAsked);
        };
    }

    private Optional<Step> pending(ProviderBatch batch, List<ProviderBatchRequest> requests, Instant now) {
        if (batch.notBefore() != null && now.isBefore(batch.notBefore())) {
            return Optional.empty();
        }
        List<ProviderBatchRequest> cancelled = requests.stream().filter(resolver::cancelled).toList();
        if (cancelled.size() == requests.size()) {
            return Optional.of(new EndCancelled(batch, cancelled));
        }
        List<ProviderBatchRequest> toSend = requests.stream().filter(request -> !resolver.cancelled(request)).toList();
        return Optional.of(new Submit(batch, toSend, cancelled));
    }

    private Search search(ProviderBatch batch, Instant now) {
        Instant since = batch.submittingSince() != null ? batch.submittingSince() : batch.gatheredAt();
        Instant to = since.plus(callTimeout.multipliedBy(2)).plus(SKEW);
        return new Search(batch, since.minus(SKEW), to, !now.isBefore(to));
    }

    private Optional<Step> submitted(ProviderBatch batch, List<ProviderBatchRequest> requests, Instant now,
            Instant lastAsked) {
        if (!due(now, lastAsked)) {
            return Optional.empty();
        }
        boolean allCancelled = !requests.isEmpty() && requests.stream().allMatch(resolver::cancelled);
        return Optional.of(allCancelled && !batch.cancelRequested() ? new Cancel(batch) : new Poll(batch));
    }

    private boolean due(Instant now, Instant lastAsked) {
        return lastAsked == null || !now.isBefore(lastAsked.plus(pollInterval));
    }
}
