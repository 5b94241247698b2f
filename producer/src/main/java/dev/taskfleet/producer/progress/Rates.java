package dev.taskfleet.producer.progress;

import java.time.Duration;
import java.time.Instant;

/** Throughput and ETA from results' finish times, the same for a batch and for each of its tiers. */
final class Rates {

    private Rates() {
    }

    /** {@code finished} over the time from the first to the last result; 0 while that span is unknown or empty. */
    static double perSecond(long finished, Instant firstResultAt, Instant lastResultAt) {
        if (finished == 0 || firstResultAt == null) {
            return 0;
        }
        long spanMillis = Duration.between(firstResultAt, lastResultAt).toMillis();
        return spanMillis <= 0 ? 0 : finished * 1000.0 / spanMillis;
    }

    /** Seconds until {@code queued} tasks are done, rounded up: 0 when none are; {@code null} without a throughput. */
    static Long etaSeconds(long queued, double perSecond) {
        if (queued <= 0) {
            return 0L;
        }
        return perSecond > 0 ? Long.valueOf((long) Math.ceil(queued / perSecond)) : null;
    }
}
