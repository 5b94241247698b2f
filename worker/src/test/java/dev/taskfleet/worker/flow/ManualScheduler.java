package dev.taskfleet.worker.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} and clock for tests: time moves only in {@link #advance}, which runs every
 * action that falls due, in due order (actions scheduled while advancing run too if they fall due).
 */
public final class ManualScheduler implements Scheduler {

    private record Due(long at, long order, Runnable action) {
    }

    private final List<Due> pending = new ArrayList<>();
    private long now;
    private long order;

    /** The fake time in nanoseconds, for {@code LongSupplier} clocks. */
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void after(Duration delay, Runnable action) {
        pending.add(new Due(now + Math.max(0, delay.toNanos()), order++, action));
    }

    /** Moves time forward by {@code step}, running what falls due on the way. */
    public void advance(Duration step) {
        long until;
        synchronized (this) {
            until = now + step.toNanos();
        }
        while (true) {
            Due next;
            synchronized (this) {
                next = pending.stream().filter(d -> d.at() <= until)
                        .min(Comparator.comparingLong(Due::at).thenComparingLong(Due::order)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                pending.remove(next);
                now = Math.max(now, next.at());
            }
            next.action().run();
        }
    }

    /** Actions not yet run. */
    public synchronized int pending() {
        return pending.size();
    }
}
