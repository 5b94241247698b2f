package dev.taskfleet.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.InFlightLimiter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue wait is kept per team, so a dashboard and an alert can tell whose work waits. */
class WorkerMetricsQueueWaitTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry,
            new TierProfile("fast", "gpt-test", 256, new Price(0.15, 0.60)), new InFlightLimiter(8));

    @Test
    void eachTeamsWaitIsItsOwnSeriesOnTheTier() {
        metrics.queueWaited("bulk", Priority.STANDARD, Duration.ofMinutes(3));
        metrics.queueWaited("bulk", Priority.STANDARD, Duration.ofMinutes(4));
        metrics.queueWaited("small", Priority.STANDARD, Duration.ofMillis(300));

        assertThat(queueWait("bulk").count()).isEqualTo(2);
        assertThat(queueWait("bulk").max(TimeUnit.SECONDS)).isEqualTo(240.0);
        assertThat(queueWait("small").count()).isEqualTo(1);
        assertThat(queueWait("small").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300.0);
    }

    @Test
    void eachClassOfATeamIsItsOwnSeriesSoInteractiveWaitIsNotHiddenInBulkWait() {
        metrics.queueWaited("search", Priority.BULK, Duration.ofMinutes(20));
        metrics.queueWaited("search", Priority.INTERACTIVE, Duration.ofMillis(400));
        metrics.taskCompleted(ResultStatus.SUCCEEDED, "search", Priority.INTERACTIVE, Duration.ofSeconds(1), null);

        assertThat(registry.get(WorkerMetrics.TASK_QUEUE_WAIT).tags("team", "search", "priority", "interactive")
                .timer().max(TimeUnit.MILLISECONDS)).isEqualTo(400.0);
        assertThat(registry.get(WorkerMetrics.TASK_QUEUE_WAIT).tags("team", "search", "priority", "bulk")
                .timer().max(TimeUnit.MINUTES)).isEqualTo(20.0);
        assertThat(registry.get(WorkerMetrics.TASKS_COMPLETED)
                .tags("team", "search", "priority", "interactive", "status", "succeeded").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.find(WorkerMetrics.TASKS_COMPLETED).tags("team", "search", "priority", "bulk").counter())
                .as("a class's series appears with its first task").isNull();
    }

    @Test
    void theDefaultTeamsSeriesExistsBeforeAnyTaskSoDashboardsReadZero() {
        assertThat(queueWait(Task.DEFAULT_TEAM).count()).isZero();
    }

    @Test
    void bucketsSeparateASubSecondWaitFromAnHourLongBacklog() {
        metrics.queueWaited("small", Priority.STANDARD, Duration.ofMillis(200));
        metrics.queueWaited("bulk", Priority.STANDARD, Duration.ofMinutes(90));

        assertThat(cumulativeCountUpTo("small", 0.25)).isEqualTo(1.0);
        assertThat(cumulativeCountUpTo("bulk", 3600)).isZero();
        assertThat(cumulativeCountUpTo("bulk", 4 * 3600)).isEqualTo(1.0);
    }

    @Test
    void aClockSkewedNegativeWaitCountsAsNoWait() {
        metrics.queueWaited("small", Priority.STANDARD, Duration.ofSeconds(-2));

        assertThat(queueWait("small").count()).isEqualTo(1);
        assertThat(queueWait("small").totalTime(TimeUnit.SECONDS)).isZero();
    }

    private Timer queueWait(String team) {
        return registry.get(WorkerMetrics.TASK_QUEUE_WAIT).tags("tier", "fast", "team", team, "priority", "standard").timer();
    }

    private double cumulativeCountUpTo(String team, double seconds) {
        return Arrays.stream(queueWait(team).takeSnapshot().histogramCounts())
                .filter(bucket -> bucket.bucket(TimeUnit.SECONDS) == seconds)
                .mapToDouble(CountAtBucket::count)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bucket at " + seconds + " s"));
    }
}
