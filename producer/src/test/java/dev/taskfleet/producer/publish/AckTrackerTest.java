package dev.taskfleet.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

    @Test
    void waitsUntilEverySendIsAnsweredFromAnotherThread() throws Exception {
        AckTracker tracker = new AckTracker();
        for (int i = 0; i < 1_000; i++) {
            tracker.sent();
        }
        ExecutorService io = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return tracker.awaitAll(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            io.submit(() -> {
                for (int i = 0; i < 1_000; i++) {
                    tracker.completed(null);
                }
            });
            assertThat(waited.get()).isTrue();
            assertThat(tracker.acknowledged()).isEqualTo(1_000);
            assertThat(tracker.firstFailure()).isNull();
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void reportsTheFirstFailureAndCountsOnlyAcknowledgedSends() throws InterruptedException {
        AckTracker tracker = new AckTracker();
        tracker.sent();
        tracker.sent();
        tracker.sent();
        IllegalStateException first = new IllegalStateException("first");
        tracker.completed(null);
        tracker.completed(first);
        tracker.completed(new IllegalStateException("second"));

        assertThat(tracker.awaitAll(Duration.ofMillis(10))).isTrue();
        assertThat(tracker.acknowledged()).isEqualTo(1);
        assertThat(tracker.firstFailure()).isSameAs(first);
    }

    @Test
    void givesUpWhenSendsStayUnanswered() throws InterruptedException {
        AckTracker tracker = new AckTracker();
        tracker.sent();

        assertThat(tracker.awaitAll(Duration.ofMillis(50))).isFalse();
    }
}
