package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One line per interval ({@link StatusText#line(BatchStatus)}), and always the final one: for
 * output that is not a terminal, where redrawing would fill a log with control characters.
 */
final class PlainProgress implements ProgressView {

    private final PrintWriter out;
    private final Duration interval;
    private final Clock clock;
    private Instant lastShown;
    private boolean finalShown;

    PlainProgress(PrintWriter out, Duration interval, Clock clock) {
        this.out = out;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void update(BatchStatus status) {
        Instant now = clock.instant();
        if (finalShown || !status.isSettled() && lastShown != null && now.isBefore(lastShown.plus(interval))) {
            return;
        }
        out.println(StatusText.line(status));
        out.flush();
        lastShown = now;
        finalShown = status.isSettled();
    }

    @Override
    public void close() {
        out.flush();
    }
}
