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
    void aTaskWhoseCallsEndedLetsTheNextCallStartWhileItPublishes() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        AtomicInteger told = new AtomicInteger();
        limiter.onRelease(told::incrementAndGet);
        Permit first = limiter.tryAcquire();
        limiter.tryAcquire();
        assertThat(limiter.tryAcquire()).as("two calls in flight").isNull();

        first.callsEnded();

        assertThat(told).as("the intake is told a call may start").hasValue(1);
        assertThat(limiter.calling()).isEqualTo(1);
        assertThat(limiter.inFlight()).as("the first still waits for Kafka").isEqualTo(2);
        assertThat(limiter.tryAcquire()).isNotNull();
        assertThat(limiter.tryAcquire()).isNull();
        assertThat(limiter.maxObserved()).as("never more than two calls").isEqualTo(2);
    }

    @Test
    void atMostAsManyAgainWaitForKafkaAsMayCall() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        Permit[] publishing = new Permit[4];
        for (int i = 0; i < 4; i++) {
            publishing[i] = limiter.tryAcquire();
            assertThat(publishing[i]).as("permit %d", i).isNotNull();
            publishing[i].callsEnded();
        }

        assertThat(limiter.calling()).isZero();
        assertThat(limiter.tryAcquire()).as("four wait for Kafka: twice the limit").isNull();
        publishing[0].release();
        assertThat(limiter.tryAcquire()).isNotNull();
    }

    @Test
    void callsEndOnceHoweverTheyAreEndedAndReleased() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        AtomicInteger told = new AtomicInteger();
        limiter.onRelease(told::incrementAndGet);
        Permit ended = limiter.tryAcquire();

        ended.callsEnded();
        ended.callsEnded();
        ended.release();
        ended.callsEnded();

        assertThat(told).as("once for the calls, once for the release").hasValue(2);
        assertThat(limiter.calling()).isZero();
        assertThat(limiter.inFlight()).isZero();

        Permit released = limiter.tryAcquire();
        released.release();
        released.callsEnded();
        assertThat(limiter.calling()).as("a release ends the calls too, once").isZero();
        assertThat(limiter.tryAcquire()).isNotNull();
        assertThat(limiter.tryAcquire()).isNull();
    }

    @Test
    void idleAfterStoppingWaitsForWhatIsStillPublishing() throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(1);
        Permit publishing = limiter.tryAcquire();
        publishing.callsEnded();

        limiter.stopAdmitting();

        assertThat(limiter.awaitIdle(Duration.ofMillis(1))).isFalse();
        publishing.release();
        assertThat(limiter.awaitIdle(Duration.ofSeconds(1))).isTrue();
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
