package dev.taskfleet.benchmarks.quota;

/**
 * One phase of the run as it happened: the scale step that began it and the window measured once
 * the split settled. Times are epoch ms, the window whole epoch seconds, the provider's unit.
 *
 * @param name         e.g. {@code 1 -> 3}
 * @param pods         the workers serving the tier in the window
 * @param eventMs      when the step began: tasks first submitted, workers started, SIGTERM sent
 * @param doneMs       when the step was done: the new workers ready, the stopped ones exited
 * @param splitMs      when every worker was first seen publishing a share of {@code 1 / pods}
 * @param windowFrom   the window's first second, at least the settle time after {@code doneMs}
 * @param windowTo     the second after the window's last
 */
record QuotaPhase(String name, int pods, long eventMs, long doneMs, long splitMs, long windowFrom, long windowTo) {

    long windowSeconds() {
        return windowTo - windowFrom;
    }

    /** The scale event's first second: its transient runs from here to the window. */
    long eventSecond() {
        return eventMs / 1000;
    }
}
