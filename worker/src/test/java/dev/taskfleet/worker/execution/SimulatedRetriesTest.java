package dev.taskfleet.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.flow.Scheduler;
import dev.taskfleet.worker.provider.simulated.SimulatedModelProvider;
import dev.taskfleet.worker.provider.simulated.SimulatedProfile;
import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated provider's failures are retryable and every call draws afresh, so retries turn a
 * failure rate p into about p^attempts failed tasks. With p = 0.5 the effect is visible on 400 tasks.
 */
class SimulatedRetriesTest {

    private static final TierProfile FAST = new TierProfile("fast", "sim-fast", 256, new Price(0.15, 0.60));
    private static final int TASKS = 400;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private List<TaskResult> runAll(int maxAttempts) {
        SimulatedModelProvider provider = new SimulatedModelProvider(List.of(
                new SimulatedProfile("sim-fast", Duration.ofMillis(1), 0.1, 0.5, 50, 0.2, 0, 1)), 42, timer);
        RetryPolicy retries = new RetryPolicy(maxAttempts, Duration.ofMillis(1), 2, Duration.ofMillis(4));
        ModelCallRunner calls = new ModelCallRunner(provider, retries,
                TierRateLimiter.fleetShare(OptionalLong.empty(), OptionalLong.empty(), System::nanoTime),
                Scheduler.on(timer), new Random(42)::nextDouble, System::nanoTime, ModelCallObserver.NONE);
        TaskExecutor executor = new TaskExecutor(calls, maxAttempts, FAST, "worker-1", Clock.systemUTC(),
                ModelCallObserver.NONE, new EscalationPolicy(List.of("fast")), new CancellationRegistry());
        List<CompletableFuture<TaskResult>> results = IntStream.range(0, TASKS)
                .mapToObj(i -> executor.execute(TaskBuilder.task().id("task-" + i).routedTo("fast"))
                        .thenApply(verdict -> ((Verdict.Final) verdict).result()).toCompletableFuture())
                .toList();
        return results.stream().map(CompletableFuture::join).toList();
    }

    private static long failed(List<TaskResult> results) {
        return results.stream().filter(r -> r.status() == ResultStatus.FAILED).count();
    }

    @Test
    void retriesCutFailuresToRoughlyTheFailureRateToThePowerOfTheAttempts() {
        List<TaskResult> once = runAll(1);
        List<TaskResult> thrice = runAll(3);

        // Expected 200 and 50 failed; the bounds are wide, the seeds fixed.
        assertThat(failed(once)).isBetween(160L, 240L);
        assertThat(failed(thrice)).isBetween(25L, 80L);
        assertThat(thrice).filteredOn(r -> r.status() == ResultStatus.FAILED)
                .allSatisfy(r -> {
                    assertThat(r.attempts()).isEqualTo(3);
                    assertThat(r.error().code()).isEqualTo(ResultErrorCodes.MODEL_UNAVAILABLE);
                });
        assertThat(thrice).filteredOn(r -> r.status() == ResultStatus.SUCCEEDED)
                .extracting(TaskResult::attempts).contains(1, 2, 3);
        // A task that succeeded at once without retries does the same with them: the first draw is the same.
        assertThat(IntStream.range(0, TASKS).filter(i -> once.get(i).succeeded())
                .allMatch(i -> thrice.get(i).attempts() == 1)).isTrue();
    }
}
