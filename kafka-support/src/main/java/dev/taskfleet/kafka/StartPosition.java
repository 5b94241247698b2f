package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

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

    /**
     * Each partition named at the offset given, the others from their beginning: a state taken over
     * from a checkpoint, which read the named partitions up to those offsets. An offset below what
     * retention kept reads what is left.
     */
    static StartPosition at(Map<TopicPartition, Long> offsets) {
        return new At(offsets);
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

    /** See {@link #at(Map)}. */
    record At(Map<TopicPartition, Long> offsets) implements StartPosition {

        public At {
            offsets = Map.copyOf(offsets);
            offsets.forEach((partition, offset) -> {
                if (offset < 0) {
                    throw new IllegalArgumentException("a start offset cannot be negative: " + partition + "@" + offset);
                }
            });
        }

        @Override
        public String toString() {
            return "offsets of a checkpoint on " + offsets.size() + " partitions";
        }
    }
}
