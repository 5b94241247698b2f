package dev.taskfleet.worker.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.testkit.MovableClock;
import dev.taskfleet.worker.batch.BatchProgress;
import dev.taskfleet.worker.batch.BatchRequest;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.RequestOutcome;
import dev.taskfleet.worker.provider.ModelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated batch API: a provider batch ends after its turnaround, with the answers the simulated model gives. */
class SimulatedBatchApiTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final SimulatedProfile FAST =
            new SimulatedProfile("sim-fast", Duration.ofMillis(800), 0.35, 0.2, 200, 0.5, 0, 1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MovableClock clock = new MovableClock(START);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private SimulatedBatchApi api() {
        return new SimulatedBatchApi(new SimulatedModelProvider(List.of(FAST), 42, timer), Duration.ofMinutes(10), clock);
    }

    private static List<BatchRequest> requests(int count) {
        return IntStream.range(0, count).mapToObj(i -> new BatchRequest("c-" + i,
                new ModelRequest("sim-fast", "summarise report " + i, 512, "t-" + i, 1, null, Map.of()))).toList();
    }

    @Test
    void aBatchEndsAfterItsTurnaroundWithTheSimulatedModelsAnswersAndFailures() {
        SimulatedBatchApi api = api();
        List<BatchRequest> requests = requests(40);
        ProviderBatchApi.Submission sent = api.submit("pb-1", requests).toCompletableFuture().join();

        clock.advance(Duration.ofMinutes(9));
        BatchProgress running = api.progress(sent.providerBatchId()).toCompletableFuture().join();
        clock.advance(Duration.ofMinutes(1));
        BatchProgress ended = api.progress(sent.providerBatchId()).toCompletableFuture().join();
        List<RequestOutcome> outcomes = api.outcomes(ended, requests).toCompletableFuture().join();

        assertThat(sent.expiresAt()).isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(running.ended()).isFalse();
        assertThat(running.status()).isEqualTo("in_progress");
        assertThat(ended.ended()).isTrue();
        assertThat(ended.status()).isEqualTo("completed");
        assertThat(outcomes).extracting(RequestOutcome::customId)
                .containsExactlyElementsOf(requests.stream().map(BatchRequest::customId).toList());
        // A 20 % failure rate over 40 seeded draws: some of each, the same ones every run.
        assertThat(outcomes).anyMatch(o -> o.kind() == RequestOutcome.Kind.FAILED)
                .anyMatch(o -> o.kind() == RequestOutcome.Kind.ANSWERED);
        assertThat(api.outcomes(ended, requests).toCompletableFuture().join())
                .extracting(o -> o.kind() + " " + o.answer()).as("the same seeded draws when read again")
                .containsExactlyElementsOf(outcomes.stream().map(o -> o.kind() + " " + o.answer()).toList());
    }

    @Test
    void aCancelledBatchEndsAtOnceWithEveryRequestCancelled() {
        SimulatedBatchApi api = api();
        List<BatchRequest> requests = requests(3);
        String id = api.submit("pb-2", requests).toCompletableFuture().join().providerBatchId();

        api.cancel(id).toCompletableFuture().join();
        BatchProgress ended = api.progress(id).toCompletableFuture().join();

        assertThat(ended.ended()).isTrue();
        assertThat(ended.status()).isEqualTo("cancelled");
        assertThat(api.outcomes(ended, requests).toCompletableFuture().join()).extracting(RequestOutcome::kind)
                .containsOnly(RequestOutcome.Kind.CANCELLED);
    }

}
