package dev.taskfleet.router.adaptive;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.FinalResults;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.policy.OutcomeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns final results into per (task type, tier) outcomes for adaptive routing.
 *
 * <p>One result can count on several tiers: every tier the task failed on before it was
 * escalated is a failure for (type, that tier), and the tier that produced the result counts as
 * the result's status. A cancelled result says nothing about a model and is not counted.
 *
 * <p>Duplicates (results are at least once) would count one run twice, so they are dropped with
 * {@link FinalResults}. A copy follows its original within seconds on the same partition, so the
 * de-dup memory only has to span one window: two generations of keys are kept and the older one
 * is discarded each time a window has passed, which bounds memory to about two windows of results.
 *
 * <p>Thread-safe for one writer (the results reader) and any number of readers of the window.
 */
public final class OutcomeRecorder {

    private final OutcomeWindow window;
    private final Duration generationLength;
    private final Clock clock;
    private FinalResults current = new FinalResults();
    private FinalResults previous = new FinalResults();
    private Instant generationStart;
    private long duplicates;

    public OutcomeRecorder(OutcomeWindow window, Duration windowLength, Clock clock) {
        this.window = window;
        this.generationLength = windowLength;
        this.clock = clock;
        this.generationStart = clock.instant();
    }

    /** Counts one result; {@code false} when it was a duplicate and counted nothing. */
    public synchronized boolean record(TaskResult result) {
        rotateIfDue();
        if (!previous.isFirst(result) || !current.isFirst(result)) {
            duplicates++;
            return false;
        }
        if (result.status().notRun() || result.taskType() == null || result.tier() == null) {
            return true;
        }
        Instant at = result.finishedAt() == null ? clock.instant() : result.finishedAt();
        for (String failedTier : tiersFailedBefore(result)) {
            window.record(result.taskType(), failedTier, false, at);
        }
        window.record(result.taskType(), result.tier(), result.succeeded(), at);
        return true;
    }

    /** Results dropped as duplicates so far. */
    public synchronized long duplicates() {
        return duplicates;
    }

    private static Set<String> tiersFailedBefore(TaskResult result) {
        Set<String> tiers = new LinkedHashSet<>();
        for (AttemptRecord attempt : result.history()) {
            if (!attempt.tier().equals(result.tier())) {
                tiers.add(attempt.tier());
            }
        }
        return tiers;
    }

    private void rotateIfDue() {
        Instant now = clock.instant();
        if (Duration.between(generationStart, now).compareTo(generationLength) >= 0) {
            previous = current;
            current = new FinalResults();
            generationStart = now;
        }
    }
}
