package dev.taskfleet.launcher.progress;

import static dev.taskfleet.launcher.client.Statuses.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.FakeProducer;
import dev.taskfleet.launcher.client.FakeProducer.Reply;
import dev.taskfleet.launcher.client.StatusFeed;
import dev.taskfleet.launcher.client.Statuses;
import dev.taskfleet.testkit.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchWaiterTest {

    private FakeProducer producer;
    private StatusFeed feed;
    private final List<BatchStatus> shown = new ArrayList<>();
    private final ProgressView view = new ProgressView() {
        @Override
        public void update(BatchStatus status) {
            shown.add(status);
        }

        @Override
        public void close() {
            closed = true;
        }
    };
    private boolean closed;

    @BeforeEach
    void start() throws Exception {
        producer = new FakeProducer();
        producer.on("GET /api/v1/batches/b1/events", Reply.problem(404, "Not Found", "no events here"));
        feed = new StatusFeed(new BatchClient(producer.url()), Duration.ofMillis(5));
    }

    @AfterEach
    void stop() {
        producer.close();
    }

    @Test
    void showsEveryStatusAndReturnsTheFinalOne() {
        producer.on("GET /api/v1/batches/b1",
                Reply.json(200, Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "COMPLETED", 2, counts(1, 0, 0), counts(0, 1, 0))));

        BatchStatus last = new BatchWaiter(feed, Duration.ofMinutes(1), () -> { }, Clock.systemUTC()).await("b1", view);

        assertThat(last.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(shown).extracting(BatchStatus::finished).containsExactly(1L, 2L);
        assertThat(closed).isTrue();
    }

    @Test
    void givesUpWhenNoTaskFinishesForTheStallTimeout() {
        producer.on("GET /api/v1/batches/b1",
                Reply.json(200, Statuses.json("b1", "RUNNING", 5, counts(1, 0, 0), counts(0, 0, 0))));
        Clock tenSecondsPerReading = new Clock() {
            private Instant now = Instant.parse("2025-11-27T10:00:00Z");

            @Override
            public Instant instant() {
                now = now.plusSeconds(10);
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };

        assertThatThrownBy(() -> new BatchWaiter(feed, Duration.ofSeconds(30), () -> { }, tenSecondsPerReading)
                .await("b1", view))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no task finished for 30 s with 1 of 5 finished");
        assertThat(closed).isTrue();
    }

    @Test
    void theTimeAHealthCheckTakesToRestartTheBrokerIsNotAStall() {
        producer.on("GET /api/v1/batches/b1",
                Reply.json(200, Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "COMPLETED", 2, counts(1, 0, 0), counts(0, 1, 0))));
        MovableClock clock = new MovableClock(Instant.parse("2025-11-27T10:00:00Z"));
        // Each check takes two minutes, four times the stall timeout: a broker started again each time.
        Runnable restartingTheBroker = () -> clock.advance(Duration.ofMinutes(2));

        BatchStatus last = new BatchWaiter(feed, Duration.ofSeconds(30), restartingTheBroker, clock).await("b1", view);

        assertThat(last.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(shown).hasSize(4);
    }

    @Test
    void stopsAtOnceWhenTheHealthCheckFails() {
        producer.on("GET /api/v1/batches/b1",
                Reply.json(200, Statuses.json("b1", "RUNNING", 5, counts(1, 0, 0), counts(0, 0, 0))));

        assertThatThrownBy(() -> new BatchWaiter(feed, null, () -> {
            throw new IllegalStateException("worker-fast stopped unexpectedly");
        }, Clock.systemUTC()).await("b1", view)).hasMessage("worker-fast stopped unexpectedly");
        assertThat(shown).isEmpty();
    }
}
