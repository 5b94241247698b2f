package dev.taskfleet.launcher.demo;

import java.time.Duration;

/**
 * What one tier (or the whole batch) has finished so far.
 *
 * @param tier       the tier's name, or {@code total}
 * @param completed  tasks with a final result
 * @param succeeded  of those, succeeded
 * @param failed     of those, failed
 * @param serialTime the sum of the results' model latencies: the time one call at a time would take
 * @param costUsd    the sum of the results' cost
 */
public record TierTally(String tier, int completed, int succeeded, int failed, Duration serialTime, double costUsd) {
}
