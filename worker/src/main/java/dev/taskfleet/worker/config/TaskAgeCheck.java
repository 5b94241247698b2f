package dev.taskfleet.worker.config;

import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Duration;

/**
 * Start-up check that a tier's slowest task fits what the {@code throttled} commit strategy
 * tolerates. That strategy marks the worker unhealthy when a record it took stays unacknowledged
 * longer than {@value #MAX_AGE_KEY}; Kubernetes then restarts the pod, and the restarted worker is
 * handed the same slow record again, in a loop that never ends. A record ages from the moment the
 * worker takes it: it may first wait for a permit until one running task ends (at most one slowest
 * task), then runs its own task. So the worst age is twice the {@linkplain RetryPolicy#longestTask
 * slowest task}, every call bounded by the tier's {@code timeout}. (Simulated calls are not cut at
 * {@code timeout}, but their latencies are seconds, far below it.)
 */
final class TaskAgeCheck {

    /** How long the commit strategy lets a record stay unacknowledged before the worker reports unhealthy. */
    static final String MAX_AGE_KEY = "mp.messaging.incoming.tasks.throttled.unprocessed-record-max-age.ms";
    /** The Kafka connector's own default of {@link #MAX_AGE_KEY}. */
    static final String CONNECTOR_DEFAULT_MAX_AGE_MS = "60000";

    private TaskAgeCheck() {
    }

    /**
     * Refuses, naming the settings on both sides, a tier whose worst record age exceeds {@code maxRecordAge}.
     *
     * @throws IllegalStateException when the tier's settings allow a record to outlive {@code maxRecordAge}
     */
    static void requireTolerated(String tier, RetryPolicy retries, Duration callTimeout, Duration maxRecordAge) {
        Duration longestTask = retries.longestTask(callTimeout);
        Duration worstAge = longestTask.multipliedBy(2);
        if (worstAge.compareTo(maxRecordAge) > 0) {
            String keys = "taskfleet.tiers." + tier + ".";
            throw new IllegalStateException(String.format(
                    "tier %s: a task may run %ds (%stimeout=%ds x %smax-attempts=%d, plus the larger of "
                            + "%sretry.* back-off and %smax-retry-after=%ds before each retry), and a record may "
                            + "first wait one such task for a permit: %ds, more than %s=%d allows; the worker "
                            + "would be restarted mid-task and redo it forever. Raise %s to at least %d or "
                            + "lower the tier's timeout, max-attempts, max-retry-after or retry.max-backoff",
                    tier, longestTask.toSeconds(), keys, callTimeout.toSeconds(), keys, retries.maxAttempts(), keys,
                    keys, retries.maxRetryAfter().toSeconds(), worstAge.toSeconds(), MAX_AGE_KEY,
                    maxRecordAge.toMillis(), MAX_AGE_KEY, worstAge.toMillis()));
        }
    }
}
