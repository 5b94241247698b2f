package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.batch.BatchNotCreatedException;
import dev.taskfleet.worker.batch.BatchProgress;
import dev.taskfleet.worker.batch.BatchRequests;
import dev.taskfleet.worker.batch.BatchRequest;
import dev.taskfleet.worker.batch.CustomIds;
import dev.taskfleet.worker.batch.Gathering;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.ProviderBatchBook;
import dev.taskfleet.worker.batch.ProviderBatchSteps;
import dev.taskfleet.worker.batch.RequestOutcome;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.provider.ModelCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Takes the provider batches this worker owns through their {@link ProviderBatchSteps}: sends them,
 * follows them, cancels them, finds them again after a crash, and finishes them. Calls to the
 * provider run asynchronously; their answers are queued and applied on the loop's thread
 * ({@link #applyAnswers()}), where every change is written in one fenced Kafka transaction
 * ({@code commit}) before the book takes note of it. An answer for a provider batch that has
 * changed or moved to another worker in the meantime is dropped: the new owner asks again.
 *
 * <p>The order of writes makes every crash safe: SUBMITTING is committed before the provider is
 * called, so a worker taking over searches the provider before sending again; a provider batch's
 * results, escalation requests, next requests and tombstones are committed together, so they are
 * written once, or not at all and redone.
 */
final class ProviderBatchWork {

    private static final Logger LOG = Logger.getLogger(ProviderBatchWork.class);
    /** The provider's window when its answer does not say. */
    private static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    /** One fenced transaction: every record or none; {@code false} when it was aborted. */
    @FunctionalInterface
    interface Commit {
        boolean commit(List<ProducerRecord<byte[], byte[]>> records);
    }

    private final ProviderBatchApi api;
    private final ProviderBatchSteps steps;
    private final RequestResolver resolver;
    private final ProviderBatchBook book;
    private final TierRecords records;
    private final Gathering.Stamp stamp;
    private final BatchRequests requests;
    private final BatchTierMetrics observer;
    private final Clock clock;
    private final Commit commit;
    private final Queue<Runnable> answers = new ConcurrentLinkedQueue<>();
    private final Set<String> asking = new HashSet<>();
    private final Map<String, Instant> lastAsked = new HashMap<>();

    ProviderBatchWork(ProviderBatchApi api, ProviderBatchSteps steps, RequestResolver resolver, ProviderBatchBook book,
            TierRecords records, Gathering.Stamp stamp, BatchRequests requests, BatchTierMetrics observer, Clock clock,
            Commit commit) {
        this.api = api;
        this.steps = steps;
        this.resolver = resolver;
        this.book = book;
        this.records = records;
        this.stamp = stamp;
        this.requests = requests;
        this.observer = observer;
        this.clock = clock;
        this.commit = commit;
    }

    /** Takes the next step of every provider batch on a partition that is read to its end and not waiting on the provider. */
    void advance(Predicate<Integer> readyPartition) {
        Instant now = clock.instant();
        for (ProviderBatch batch : book.batches()) {
            if (asking.contains(batch.id()) || !readyPartition.test(book.partitionOf(batch.id()))) {
                continue;
            }
            steps.next(batch, book.requests(batch.id()), now, lastAsked.get(batch.id())).ifPresent(this::take);
        }
    }

    /** Applies the provider's answers that came in since the last call. */
    void applyAnswers() {
        for (Runnable answer = answers.poll(); answer != null; answer = answers.poll()) {
            answer.run();
        }
    }

    /** Forgets what it knew of provider batches now owned elsewhere. */
    void forget(Collection<String> ids) {
        ids.forEach(id -> {
            lastAsked.remove(id);
            asking.remove(id);
        });
    }

    private void take(ProviderBatchSteps.Step step) {
        if (step instanceof ProviderBatchSteps.Submit submit) {
            submit(submit);
        } else if (step instanceof ProviderBatchSteps.EndCancelled end) {
            endCancelled(end);
        } else if (step instanceof ProviderBatchSteps.Search search) {
            ask(search.batch(), () -> api.find(search.batch().id(), search.batch().requests(), search.from(),
                    search.to()), (batch, found) -> found(batch, found, search.lastChance()));
        } else if (step instanceof ProviderBatchSteps.Poll poll) {
            ask(poll.batch(), () -> api.progress(poll.batch().providerBatchId()), this::progressed);
        } else if (step instanceof ProviderBatchSteps.Cancel cancel) {
            ask(cancel.batch(), () -> api.cancel(cancel.batch().providerBatchId()), (batch, done) -> cancelled(batch));
        }
    }

    private void submit(ProviderBatchSteps.Submit step) {
        ProviderBatch batch = step.batch();
        int partition = book.partitionOf(batch.id());
        Map<String, Integer> perBatch = new LinkedHashMap<>();
        step.toSend().forEach(request -> perBatch.merge(request.routed().task().batchId(), 1, Integer::sum));
        ProviderBatch submitting = batch.submitting(clock.instant(), step.toSend().size(), perBatch, stamp.workerId());
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        step.cancelled().forEach(request -> {
            out.add(records.verdict(resolver.cancelledBeforeSending(request)));
            out.add(records.tombstone(partition, request.key()));
        });
        out.add(records.batch(partition, submitting));
        if (!commit.commit(out)) {
            return;
        }
        step.cancelled().forEach(request -> {
            book.forget(batch.id(), request.customId());
            observer.stoppedBeforeSending(request, resolver.stoppedAs(request));
        });
        book.record(partition, submitting);
        List<BatchRequest> toSend = step.toSend().stream().map(requests::of).toList();
        ask(submitting, () -> api.submit(submitting.id(), toSend),
                (Submitted<ProviderBatchApi.Submission>) this::submitted);
    }

    /** The provider took the batch, refused it for now, refused it for good, or gave no clear answer. */
    private void submitted(ProviderBatch submitting, Optional<ProviderBatchApi.Submission> taken, Throwable failure) {
        Instant now = clock.instant();
        if (failure == null) {
            ProviderBatchApi.Submission submission = taken.orElseThrow();
            ProviderBatch next = submitting.submitted(submission.providerBatchId(), submission.status(), now,
                    Objects.requireNonNullElse(submission.expiresAt(), now.plus(DEFAULT_WINDOW)), stamp.workerId());
            if (write(submitting, next)) {
                observer.sent(next);
                LOG.infof("provider batch %s (%d requests) sent as %s", next.id(), next.requests(),
                        next.providerBatchId());
            }
            return;
        }
        if (failure instanceof ModelCallException refused && definite(refused)) {
            if (refused.retryable()) {
                Duration wait = refused.retryAfter().orElse(steps.pollInterval());
                LOG.warnf(refused instanceof BatchNotCreatedException
                        ? "provider batch %s was not created (%s); sending it again in %s"
                        : "the provider refused provider batch %s for now (%s); sending it again in %s",
                        submitting.id(), refused.code(), wait);
                write(submitting, submitting.pendingUntil(now.plus(wait), stamp.workerId()));
            } else {
                LOG.errorf("the provider refused provider batch %s: %s", submitting.id(), refused.getMessage());
                finish(submitting, null, Map.of(), refused, "refused");
            }
            return;
        }
        // No clear answer: the provider may hold it. The next step searches for it before sending again.
        LOG.warnf("no clear answer sending provider batch %s (%s); looking for it at the provider before sending "
                + "it again", submitting.id(), describe(failure));
    }

    /**
     * 429 and 529 are refusals before anything was created, and so is any failure before the create
     * call; 4xx other than those is a refusal of the batch as it is.
     */
    private static boolean definite(ModelCallException failure) {
        String code = failure.code();
        return !failure.retryable() || failure instanceof BatchNotCreatedException
                || ResultErrorCodes.RATE_LIMITED.equals(code)
                || ResultErrorCodes.MODEL_UNAVAILABLE.equals(code);
    }

    private void found(ProviderBatch batch, Optional<String> found, boolean lastChance) {
        if (found.isPresent()) {
            LOG.infof("provider batch %s was sent before (as %s); following it", batch.id(), found.get());
            write(batch, batch.submitted(found.get(), null, clock.instant(), null, stamp.workerId()));
        } else if (lastChance) {
            LOG.infof("provider batch %s is not at the provider; sending it again", batch.id());
            write(batch, batch.pendingUntil(null, stamp.workerId()));
        }
    }

    private void progressed(ProviderBatch batch, BatchProgress progress) {
        if (!progress.ended()) {
            if (!Objects.equals(progress.status(), batch.providerStatus())) {
                write(batch, batch.withProviderStatus(progress.status(), stamp.workerId()));
            }
            return;
        }
        if (progress.failure().isPresent()) {
            finish(batch, progress, Map.of(), progress.failure().get(), progress.status());
            return;
        }
        List<ProviderBatchRequest> held = book.requests(batch.id());
        List<BatchRequest> sent = held.stream().map(requests::of).toList();
        ask(batch, () -> api.outcomes(progress, sent), (current, outcomes) -> {
            Map<String, RequestOutcome> byCustomId = new HashMap<>();
            outcomes.forEach(outcome -> byCustomId.put(outcome.customId(), outcome));
            finish(current, progress, byCustomId, null, progress.status());
        });
    }

    private void cancelled(ProviderBatch batch) {
        if (write(batch, batch.cancelling(stamp.workerId()))) {
            LOG.infof("provider batch %s (%s) holds only cancelled tasks; asked the provider to cancel it", batch.id(),
                    batch.providerBatchId());
        }
    }

    private void endCancelled(ProviderBatchSteps.EndCancelled step) {
        ProviderBatch batch = step.batch();
        int partition = book.partitionOf(batch.id());
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        step.cancelled().forEach(request -> {
            out.add(records.verdict(resolver.cancelledBeforeSending(request)));
            out.add(records.tombstone(partition, request.key()));
        });
        out.add(records.tombstone(partition, batch.key()));
        if (commit.commit(out)) {
            book.forget(batch.id());
            step.cancelled().forEach(request -> observer.stoppedBeforeSending(request, resolver.stoppedAs(request)));
        }
    }

    /**
     * Ends a provider batch: every request resolved, and their results, escalation requests and next
     * requests (in a new provider batch) written with the tombstones, in one transaction.
     *
     * @param progress the ended batch, or {@code null} when the provider refused it before taking it
     * @param refusal  set when the provider refused the whole batch: every request fails with it
     */
    private void finish(ProviderBatch batch, BatchProgress progress, Map<String, RequestOutcome> outcomes,
            ModelCallException refusal, String endedAs) {
        if (!outcomes.isEmpty() && outcomes.keySet().stream().noneMatch(id -> CustomIds.belongsTo(id, batch.id()))) {
            LOG.warnf("provider batch %s: the provider batch %s found for it holds other requests; sending it again",
                    batch.id(), batch.providerBatchId());
            write(batch, batch.pendingUntil(null, stamp.workerId()));
            return;
        }
        Instant now = clock.instant();
        int partition = book.partitionOf(batch.id());
        Duration waited = Duration.between(batch.gatheredAt(), now);
        String through = batch.providerBatchId();
        Gathering again = Gathering.withRandomIds(Integer.MAX_VALUE, Long.MAX_VALUE, Duration.ZERO);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<RequestResolver.Resolution> resolutions = new ArrayList<>();
        List<ProviderBatchRequest> held = book.requests(batch.id());
        for (ProviderBatchRequest request : held) {
            RequestResolver.Resolution resolution = refusal != null
                    ? resolver.refused(request, refusal, through, waited)
                    : resolver.resolve(request, Optional.ofNullable(outcomes.get(request.customId())), through, waited);
            out.add(records.tombstone(partition, request.key()));
            if (resolution instanceof RequestResolver.Finished finished) {
                TierRecords.Written written = records.finished(partition, request, finished);
                resolution = written.finished();
                out.add(written.record());
            } else {
                RequestResolver.Again next = (RequestResolver.Again) resolution;
                again.add(next.routed(), next.calls(), now);
            }
            resolutions.add(resolution);
        }
        Gathering.Sealed retry = again.isEmpty() ? null : again.seal(stamp, now);
        if (retry != null) {
            retry.requests().forEach(request -> out.add(records.request(partition, request)));
            out.add(records.batch(partition, retry.batch()));
        }
        out.add(records.tombstone(partition, batch.key()));
        if (!commit.commit(out)) {
            return;
        }
        book.forget(batch.id());
        lastAsked.remove(batch.id());
        if (retry != null) {
            retry.requests().forEach(request -> book.record(partition, request));
            book.record(partition, retry.batch());
        }
        observer.ended(batch, endedAs, held, resolutions, now);
        LOG.infof("provider batch %s (%s) ended %s: %d requests, %d sent again", batch.id(), through, endedAs,
                held.size(), retry == null ? 0 : retry.requests().size());
    }

    /** Writes {@code next} in place of {@code current}; {@code false} when the transaction was aborted. */
    private boolean write(ProviderBatch current, ProviderBatch next) {
        int partition = book.partitionOf(current.id());
        if (!commit.commit(List.of(records.batch(partition, next)))) {
            return false;
        }
        book.record(partition, next);
        return true;
    }

    /**
     * Calls the provider for {@code batch}; the answer is applied on the loop's thread, and only if
     * the book still holds the batch as it was when asked.
     */
    private <T> void ask(ProviderBatch batch, Supplier<CompletionStage<T>> call, Answer<T> then) {
        asking.add(batch.id());
        lastAsked.put(batch.id(), clock.instant());
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, failure) -> answers.add(() -> {
            asking.remove(batch.id());
            Optional<ProviderBatch> now = book.batch(batch.id());
            if (now.isEmpty() || now.get().revision() != batch.revision()) {
                LOG.debugf("dropping an answer about provider batch %s: it changed or moved meanwhile", batch.id());
                return;
            }
            Throwable cause = unwrap(failure);
            if (then instanceof Submitted<T> submitted) {
                submitted.apply(now.get(), Optional.ofNullable(value), cause);
            } else if (cause == null) {
                then.apply(now.get(), value);
            } else {
                failed(now.get(), cause);
            }
        }));
    }

    /** A call about a provider batch failed: a provider that no longer knows it fails its requests, anything else is asked again later. */
    private void failed(ProviderBatch batch, Throwable failure) {
        if (failure instanceof ModelCallException refused && !refused.retryable()
                && batch.state() == ProviderBatch.State.SUBMITTED) {
            LOG.errorf("provider batch %s (%s): %s", batch.id(), batch.providerBatchId(), refused.getMessage());
            finish(batch, null, Map.of(), refused, "lost");
            return;
        }
        LOG.warnf("provider batch %s: %s; asking again in %s", batch.id(), describe(failure), steps.pollInterval());
    }

    /** What to do with a provider's answer about a batch still held as asked. */
    @FunctionalInterface
    private interface Answer<T> {
        void apply(ProviderBatch current, T value);
    }

    /** The answer to a submission, which handles its own failures. */
    @FunctionalInterface
    private interface Submitted<T> extends Answer<T> {

        void apply(ProviderBatch current, Optional<T> value, Throwable failure);

        @Override
        default void apply(ProviderBatch current, T value) {
            apply(current, Optional.ofNullable(value), null);
        }
    }

    private static String describe(Throwable failure) {
        return failure instanceof ModelCallException call ? call.code() + ": " + call.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
