package dev.taskfleet.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.TierCounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressViewsTest {

    private static BatchStatus status(BatchState state, long fastOk, long qualityFailed, Long eta) {
        Map<String, TierCounts> tiers = new LinkedHashMap<>();
        tiers.put("fast", new TierCounts(fastOk, 0, 0));
        tiers.put("quality", new TierCounts(0, qualityFailed, 0));
        long finished = fastOk + qualityFailed;
        return new BatchStatus("b1", "local", state, Results.T0, 1, 10, finished, 10 - finished, fastOk, qualityFailed,
                0, tiers, 100, 20, 0.5, null, null, 2.5, eta, 0);
    }

    @Test
    void aStatusLineNamesProgressTiersRateAndEta() {
        assertThat(StatusText.line(status(BatchState.RUNNING, 3, 1, 2L))).isEqualTo(
                "batch b1 RUNNING: 4/10 finished (40%), 3 ok, 1 failed, 0 cancelled | fast 3 | quality 1"
                        + " | 2.5 tasks/s, eta 2.0 s");
    }

    @Test
    void aStateThisCliDoesNotKnowIsShownAsUnknownAndNotTakenForTheEnd() {
        BatchStatus fromANewerProducer = status(null, 3, 1, 2L);

        assertThat(StatusText.line(fromANewerProducer)).startsWith("batch b1 UNKNOWN: 4/10 finished").endsWith("eta 2.0 s");
        assertThat(StatusText.table(fromANewerProducer)).contains("state        UNKNOWN");
    }

    @Test
    void theStatusTableListsEveryTierAndTheTotal() {
        assertThat(StatusText.table(status(BatchState.COMPLETED, 9, 1, null))).contains(
                "state        COMPLETED",
                "progress     10/10 finished (100%), 0 queued",
                "tier        succeeded   failed  cancelled",
                "fast                9        0          0",
                "quality             0        1          0",
                "total               9        1          0").noneMatch(line -> line.startsWith("eta"));
    }

    @Test
    void plainProgressPrintsAtMostOneLinePerIntervalAndAlwaysTheLast() {
        StringWriter text = new StringWriter();
        MutableClock clock = new MutableClock();
        PlainProgress view = new PlainProgress(new PrintWriter(text, true), Duration.ofSeconds(1), clock);

        view.update(status(BatchState.RUNNING, 1, 0, null));
        clock.advance(Duration.ofMillis(500));
        view.update(status(BatchState.RUNNING, 2, 0, null));
        clock.advance(Duration.ofMillis(600));
        view.update(status(BatchState.RUNNING, 3, 0, null));
        view.update(status(BatchState.COMPLETED, 9, 1, null));
        view.update(status(BatchState.COMPLETED, 9, 1, null));
        view.close();

        assertThat(text.toString().lines()).extracting(line -> line.substring(0, line.indexOf(" finished")))
                .containsExactly("batch b1 RUNNING: 1/10", "batch b1 RUNNING: 3/10", "batch b1 COMPLETED: 10/10");
        assertThat(text.toString()).doesNotContain("\u001b");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Results.T0;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
