package dev.taskfleet.policy;

import java.time.Duration;

/**
 * The {@code match.deadline} condition: the submitter is willing to wait at least {@code min} and at
 * most {@code max} (either may be {@code null}, unbounded). A task submitted without a deadline
 * wants its result as soon as possible, so it never meets this condition: routing to a batch tier
 * happens only when someone said the work can wait.
 */
record DeadlineRange(Duration min, Duration max) {

    boolean contains(Duration deadline) {
        return deadline != null && (min == null || deadline.compareTo(min) >= 0)
                && (max == null || deadline.compareTo(max) <= 0);
    }

    /** As the canonical text of a match and in explanations, e.g. {@code >=2h} or {@code 2h..1d}. */
    @Override
    public String toString() {
        if (max == null) {
            return ">=" + DurationText.of(min);
        }
        return min == null ? "<=" + DurationText.of(max) : DurationText.of(min) + ".." + DurationText.of(max);
    }
}
