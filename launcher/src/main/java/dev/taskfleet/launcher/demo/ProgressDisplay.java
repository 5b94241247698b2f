package dev.taskfleet.launcher.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Shows progress lines: on a terminal the same lines are redrawn in place (ANSI cursor moves);
 * otherwise, e.g. in CI logs, they are printed again at most once per interval.
 */
public final class ProgressDisplay {

    private static final String ESC = "\u001b[";
    private static final Duration TERMINAL_REFRESH = Duration.ofMillis(200);

    private final PrintStream out;
    private final boolean terminal;
    private final Duration interval;
    private int linesOnScreen;
    private Instant lastShown;

    /**
     * @param out           where to print
     * @param terminal      whether {@code out} is a terminal that understands ANSI cursor movement
     * @param plainInterval how often to print when it is not
     */
    public ProgressDisplay(PrintStream out, boolean terminal, Duration plainInterval) {
        this.out = out;
        this.terminal = terminal;
        this.interval = terminal ? TERMINAL_REFRESH : plainInterval;
    }

    /** Shows the lines unless they were shown less than the refresh interval ago. */
    public void update(List<String> lines, Instant now) {
        if (lastShown != null && now.isBefore(lastShown.plus(interval))) {
            return;
        }
        show(lines);
        lastShown = now;
    }

    /** Shows the final state of the lines whatever the interval, and leaves them on screen. */
    public void finish(List<String> lines) {
        show(lines);
        linesOnScreen = 0;
    }

    private void show(List<String> lines) {
        StringBuilder text = new StringBuilder();
        if (terminal && linesOnScreen > 0) {
            // Back to the start of the first line drawn last time, then overwrite line by line.
            text.append(ESC).append(linesOnScreen).append('F');
        }
        for (String line : lines) {
            if (terminal) {
                text.append(ESC).append("2K");
            }
            text.append(line).append(System.lineSeparator());
        }
        out.print(text);
        out.flush();
        linesOnScreen = terminal ? lines.size() : 0;
    }
}
