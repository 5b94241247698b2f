package dev.taskfleet.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.worker.flow.InFlightLimiter.Permit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    @Test
    void grantsUpToTheLimitThenNothingUntilAPermitIsReleased() {
        InFlightLimiter limiter = new InFlightLimiter(2);

        Permit first = limiter.tryAcquire();
        Permit second = limiter.tryAcquire();

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(limiter.tryAcquire()).isNull();
        assertThat(limiter.inFlight()).isEqualTo(2);
        first.release();
        assertThat(limiter.tryAcquire()).isNotNull();
        assertThat(limiter.maxObserved()).isEqualTo(2);
    }

    @Test
    void releasingTwiceFreesOneSlotOnlyAndTellsTheListenerOnce() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        AtomicInteger released = new AtomicInteger();
        limiter.onRelease(released::incrementAndGet);
        Permit held = limiter.tryAcquire();
        limiter.tryAcquire();

        held.release();
        held.release();

        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(released).hasValue(1);
        assertThat(limiter.tryAcquire()).isNotNull();
        assertThat(limiter.tryAcquire()).isNull();
    }

    @Test
    void releasesWhenTheWorkFailsOrThrows() {
        InFlightLimiter limiter = new InFlightLimiter(1);

        CompletionStage<Object> failed = limiter.tryAcquire()
                .runHolding(() -> CompletableFuture.failedFuture(new IllegalStateException("model down")));
        assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
        assertThat(limiter.inFlight()).isZero();

        CompletionStage<Object> thrown = limiter.tryAcquire()
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

        limiter.tryAcquire().runHolding(() -> work);
        assertThat(limiter.inFlight()).isEqualTo(1);

        work.complete("done");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void afterStoppingNoPermitIsHandedOutAndIdleIsReportedWhenWorkEnds() throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(2);
        Permit held = limiter.tryAcquire();

        limiter.stopAdmitting();
        assertThat(limiter.tryAcquire()).isNull();
        assertThat(limiter.awaitIdle(Duration.ofMillis(1))).isFalse();
        held.release();

        assertThat(limiter.awaitIdle(Duration.ofSeconds(1))).isTrue();
        assertThat(limiter.tryAcquire()).isNull();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void stoppingWhileIdleIsIdleAtOnce() throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(3);
        limiter.tryAcquire().release();

        limiter.stopAdmitting();

        assertThat(limiter.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new InFlightLimiter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
