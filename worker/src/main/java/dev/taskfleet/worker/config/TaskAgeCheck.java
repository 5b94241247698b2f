package dev.taskfleet.worker.config;

import dev.taskfleet.worker.retry.RetryPolicy;
import java.time.Duration;

/**
 * Start-up check that a tier's slowest task fits what the {@code throttled} commit strategy
 * tolerates. That strategy marks the worker unhealthy when a record it took stays unacknowledged
 * longer than {@value #MAX_AGE_KEY}; Kubernetes then restarts the pod, and the restarted worker is
 * handed the same slow record again, in a loop that never ends. A record ages from the moment the
 * worker takes it into its fair intake ({@code flow.FairIntake}): it waits there until it has
 * waited {@code max-intake-wait} at most (then it goes first); then the tasks ahead of it, at most
 * {@code max-waiting}, each need a permit, and {@code max-in-flight} permits come free at least
 * once per slowest task, so that is at most {@code ceil(max-waiting / max-in-flight)} slowest
 * tasks; then it runs its own task. So the worst age is {@code max-intake-wait} plus
 * {@code ceil(max-waiting / max-in-flight) + 1} times the {@linkplain RetryPolicy#longestTask
 * slowest task}, every call bounded by the tier's {@code timeout}. (Simulated calls are not cut at
 * {@code timeout}, but their latencies are seconds, far below it.)
 */
final class TaskAgeCheck {

    /** The worker's intake settings the bound depends on. */
    record Intake(int maxInFlight, int maxWaiting, Duration maxIntakeWait) {

        /** Slowest tasks a record may wait behind for a permit, after its own wait is up. */
        long tasksAhead() {
            return (maxWaiting + (long) maxInFlight - 1) / maxInFlight;
        }
    }

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
    static void requireTolerated(String tier, RetryPolicy retries, Duration callTimeout, Duration maxRecordAge,
            Intake intake) {
        Duration longestTask = retries.longestTask(callTimeout);
        Duration worstAge = intake.maxIntakeWait().plus(longestTask.multipliedBy(intake.tasksAhead() + 1));
        if (worstAge.compareTo(maxRecordAge) > 0) {
            String keys = "taskfleet.tiers." + tier + ".";
            throw new IllegalStateException(String.format(
                    "tier %s: a task may run %ds (%stimeout=%ds x %smax-attempts=%d, plus the larger of "
                            + "%sretry.* back-off and %smax-retry-after=%ds before each retry), and a record may "
                            + "first wait taskfleet.worker.max-intake-wait=%ds and then %d such tasks for a permit "
                            + "(taskfleet.worker.max-waiting=%d over max-in-flight=%d): %ds in all, more than %s=%d "
                            + "allows; the worker would be restarted mid-task and redo it forever. Raise %s to at "
                            + "least %d, or lower max-waiting, max-intake-wait or the tier's timeout, max-attempts, "
                            + "max-retry-after or retry.max-backoff",
                    tier, longestTask.toSeconds(), keys, callTimeout.toSeconds(), keys, retries.maxAttempts(), keys,
                    keys, retries.maxRetryAfter().toSeconds(), intake.maxIntakeWait().toSeconds(), intake.tasksAhead(),
                    intake.maxWaiting(), intake.maxInFlight(), worstAge.toSeconds(), MAX_AGE_KEY,
                    maxRecordAge.toMillis(), MAX_AGE_KEY, worstAge.toMillis()));
        }
    }
}
