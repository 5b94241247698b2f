package dev.taskfleet.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.worker.flow.InFlightLimiter.Permit;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    @Test
    void grantsAtOnceUpToTheLimitThenQueues() {
        InFlightLimiter limiter = new InFlightLimiter(2);

        CompletableFuture<Permit> first = limiter.acquire().toCompletableFuture();
        CompletableFuture<Permit> second = limiter.acquire().toCompletableFuture();
        CompletableFuture<Permit> third = limiter.acquire().toCompletableFuture();

        assertThat(first).isDone();
        assertThat(second).isDone();
        assertThat(third).isNotDone();
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.waiting()).isEqualTo(1);
    }

    @Test
    void aReleasedPermitGoesToTheLongestWaiter() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        Permit held = limiter.acquire().toCompletableFuture().join();
        CompletableFuture<Permit> firstWaiter = limiter.acquire().toCompletableFuture();
        CompletableFuture<Permit> secondWaiter = limiter.acquire().toCompletableFuture();

        held.release();

        assertThat(firstWaiter).isDone();
        assertThat(secondWaiter).isNotDone();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void releasingTwiceFreesOneSlotOnly() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        Permit held = limiter.acquire().toCompletableFuture().join();
        CompletableFuture<Permit> waiter = limiter.acquire().toCompletableFuture();
        CompletableFuture<Permit> another = limiter.acquire().toCompletableFuture();

        held.release();
        held.release();

        assertThat(waiter).isDone();
        assertThat(another).isNotDone();
    }

    @Test
    void releasesWhenTheWorkFailsOrThrows() {
        InFlightLimiter limiter = new InFlightLimiter(1);

        CompletionStage<Object> failed = limiter.acquire().toCompletableFuture().join()
                .runHolding(() -> CompletableFuture.failedFuture(new IllegalStateException("model down")));
        assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
        assertThat(limiter.inFlight()).isZero();

        CompletionStage<Object> thrown = limiter.acquire().toCompletableFuture().join()
                .runHolding(() -> {
                    throw new IllegalStateException("bug");
                });
        assertThat(thrown.toCompletableFuture()).isCompletedExceptionally();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void holdsThePermitUntilTheWorkEnds() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        CompletableFuture<String> work = new CompletableFuture<>();

        limiter.acquire().toCompletableFuture().join().runHolding(() -> work);
        assertThat(limiter.inFlight()).isEqualTo(1);

        work.complete("done");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void neverExceedsTheLimitUnderConcurrentLoad() {
        int limit = 8;
        InFlightLimiter limiter = new InFlightLimiter(limit);
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(42);
        try {
            for (int i = 0; i < 500; i++) {
                long delayMicros = random.nextLong(50, 500);
                boolean fails = random.nextInt(10) == 0;
                limiter.acquire().thenAccept(permit -> permit.runHolding(() -> {
                    highest.accumulateAndGet(running.incrementAndGet(), Math::max);
                    CompletableFuture<Void> call = new CompletableFuture<>();
                    pool.schedule(() -> {
                        running.decrementAndGet();
                        finished.incrementAndGet();
                        if (fails) {
                            call.completeExceptionally(new IllegalStateException("simulated failure"));
                        } else {
                            call.complete(null);
                        }
                    }, delayMicros, TimeUnit.MICROSECONDS);
                    return call;
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 500 && limiter.inFlight() == 0);
        } finally {
            pool.shutdownNow();
        }
        assertThat(highest.get()).isLessThanOrEqualTo(limit);
        assertThat(limiter.maxObserved()).isEqualTo(limit);
    }

    @Test
    void afterStoppingNoPermitIsHandedOutAndIdleIsReportedWhenWorkEnds() throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(1);
        Permit held = limiter.acquire().toCompletableFuture().join();
        CompletableFuture<Permit> waiter = limiter.acquire().toCompletableFuture();

        limiter.stopAdmitting();
        CompletableFuture<Permit> late = limiter.acquire().toCompletableFuture();
        assertThat(limiter.awaitIdle(Duration.ofMillis(1))).isFalse();
        held.release();

        assertThat(limiter.awaitIdle(Duration.ofSeconds(1))).isTrue();
        assertThat(waiter).isNotDone();
        assertThat(late).isNotDone();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void stoppingWhileIdleIsIdleAtOnce() throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(3);
        limiter.acquire().toCompletableFuture().join().release();

        limiter.stopAdmitting();

        assertThat(limiter.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new InFlightLimiter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
