package dev.taskfleet.launcher.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many times a process may be started again within a sliding window of time: at most
 * {@code maxRestarts} restarts in any {@code window}.
 *
 * <p>Why a bound: a process that died once (killed, out of memory) is worth starting again, but one
 * that dies whenever it starts (disk full, a broken configuration) would otherwise be restarted
 * for ever, hiding the reason in a log nobody reads. Why a sliding window rather than a total:
 * an occasional crash over a long-running session should not use up the budget, so each restart
 * counts only for {@code window} after it.
 *
 * <p>Pure: the time comes from the given clock, so tests move it by hand. Not thread-safe; the
 * one thread that supervises the process owns it.
 */
public final class RestartBudget {

    private final int maxRestarts;
    private final Duration window;
    private final Clock clock;
    /** The restarts still inside the window, oldest first. */
    private final Deque<Instant> restarts = new ArrayDeque<>();

    /**
     * @param maxRestarts how many restarts any {@code window} may hold; at least 1
     * @param window      how long a restart counts against the budget; positive
     */
    public RestartBudget(int maxRestarts, Duration window, Clock clock) {
        if (maxRestarts < 1) {
            throw new IllegalArgumentException("maxRestarts must be at least 1, was " + maxRestarts);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.maxRestarts = maxRestarts;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Takes one restart from the budget if it has one left now.
     *
     * @return whether the restart may go ahead (and was counted); {@code false} once
     *         {@link #maxRestarts()} restarts happened within the last {@link #window()}
     */
    public boolean tryTakeRestart() {
        Instant now = clock.instant();
        forgetRestartsBefore(now.minus(window));
        if (restarts.size() >= maxRestarts) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }

    /** The restarts taken within the last {@link #window()}, the one just taken included. */
    public int restartsWithinWindow() {
        forgetRestartsBefore(clock.instant().minus(window));
        return restarts.size();
    }

    public int maxRestarts() {
        return maxRestarts;
    }

    public Duration window() {
        return window;
    }

    /** Forgets the restarts at or before {@code windowStart}: one exactly a window ago no longer counts. */
    private void forgetRestartsBefore(Instant windowStart) {
        while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(windowStart)) {
            restarts.removeFirst();
        }
    }
}
