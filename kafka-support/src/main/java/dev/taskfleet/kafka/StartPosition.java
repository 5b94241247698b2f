package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link TopicFollower} starts each partition it finds at start. Partitions it discovers
 * later are always read from their beginning: everything on them was written after they appeared.
 */
public sealed interface StartPosition {

    /** Everything still on the topic: a state rebuilt from the log. */
    static StartPosition beginning() {
        return new Beginning();
    }

    /** Only records written from now on. */
    static StartPosition end() {
        return new End();
    }

    /** The records of the last {@code window} (by record timestamp), then everything new. */
    static StartPosition lookBack(Duration window) {
        return new LookBack(window);
    }

    /** See {@link #beginning()}. */
    record Beginning() implements StartPosition {
    }

    /** See {@link #end()}. */
    record End() implements StartPosition {
    }

    /** See {@link #lookBack(Duration)}. */
    record LookBack(Duration window) implements StartPosition {

        public LookBack {
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("the look-back window cannot be negative, was " + window);
            }
        }
    }
}
