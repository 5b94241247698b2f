package dev.taskfleet.launcher.progress;

import java.time.Duration;

/**
 * What one tier (or the whole batch) has finished.
 *
 * @param tier       the tier's name, or {@code total}
 * @param completed  tasks with a final result
 * @param succeeded  of those, succeeded
 * @param failed     of those, failed
 * @param cancelled  of those, cancelled before their model call
 * @param tokens     prompt plus completion tokens over every call
 * @param serialTime the sum of the latencies of every call the results made (retries and escalations
 *                   included): the time one call at a time would take
 * @param costUsd    the sum of the results' cost
 */
public record TierTally(String tier, int completed, int succeeded, int failed, int cancelled, long tokens,
                        Duration serialTime, double costUsd) {
}
