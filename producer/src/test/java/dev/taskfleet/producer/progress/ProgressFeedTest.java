package dev.taskfleet.producer.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressFeedTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private static BatchStatus status(BatchState state, long finished) {
        return new BatchStatus("b", "t", state, null, 1, 2, finished, 2 - finished, finished, 0, 0, 0, Map.of(),
                0, 0, 0, null, null, 0, null, 0, null, Map.of("standard", 2L), null, null);
    }

    @Test
    void sendsOnChangeAndOnHeartbeatThenDoneOnce() {
        ProgressFeed feed = new ProgressFeed(Duration.ofSeconds(1));
        BatchStatus running = status(BatchState.RUNNING, 0);

        assertThat(feed.tick(Optional.of(running), 0)).extracting(ProgressFeed.Event::name).containsExactly("progress");
        assertThat(feed.tick(Optional.of(running), SECOND / 4)).isEmpty();
        assertThat(feed.tick(Optional.of(status(BatchState.RUNNING, 1)), SECOND / 2)).hasSize(1);
        assertThat(feed.tick(Optional.of(status(BatchState.RUNNING, 1)), SECOND / 2 + SECOND)).hasSize(1);
        assertThat(feed.tick(Optional.of(status(BatchState.COMPLETED, 2)), 3 * SECOND))
                .extracting(ProgressFeed.Event::name).containsExactly("progress", "done");
        assertThat(feed.finished()).isTrue();
        assertThat(feed.tick(Optional.of(status(BatchState.COMPLETED, 2)), 9 * SECOND)).isEmpty();
    }

    @Test
    void aCancelledBatchIsDoneOnlyOnceItsLastTaskHasItsResult() {
        ProgressFeed feed = new ProgressFeed(Duration.ofSeconds(1));

        assertThat(feed.tick(Optional.of(status(BatchState.CANCELLED, 1)), 0))
                .as("one task still on a model").extracting(ProgressFeed.Event::name).containsExactly("progress");
        assertThat(feed.finished()).isFalse();
        assertThat(feed.tick(Optional.of(status(BatchState.CANCELLED, 2)), SECOND / 2))
                .extracting(ProgressFeed.Event::name).containsExactly("progress", "done");
        assertThat(feed.finished()).isTrue();
    }

    @Test
    void aVanishedBatchEndsTheStream() {
        ProgressFeed feed = new ProgressFeed(Duration.ofSeconds(1));
        assertThat(feed.tick(Optional.empty(), 0)).isEmpty();
        assertThat(feed.finished()).isTrue();
    }
}
