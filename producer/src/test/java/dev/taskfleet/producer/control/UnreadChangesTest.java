package dev.taskfleet.producer.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnreadChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A tracker that has read the offsets in {@code read}; every wait is noted. */
    private final Set<Long> read = new HashSet<>();
    private final List<Long> waitedFor = new ArrayList<>();
    private final UnreadChanges<Long> unread = new UnreadChanges<>((offset, timeout) -> {
        waitedFor.add(offset);
        return read.contains(offset);
    });

    @Test
    void aChangeReadBackInTimeLeavesNothingToWaitFor() {
        read.add(7L);
        unread.wrote("b1", 7L, WAIT);

        assertThat(unread.read("b1", WAIT)).isTrue();
        assertThat(waitedFor).as("only the write waited").containsExactly(7L);
    }

    @Test
    void aChangeNotReadBackHoldsTheNextActionOnThatBatchUntilTheTrackerHasIt() {
        unread.wrote("b1", 7L, WAIT);

        assertThat(unread.read("b1", WAIT)).as("still unread").isFalse();
        assertThat(unread.read("b2", WAIT)).as("another batch is not held").isTrue();

        read.add(7L);
        assertThat(unread.read("b1", WAIT)).isTrue();
        waitedFor.clear();
        assertThat(unread.read("b1", WAIT)).isTrue();
        assertThat(waitedFor).as("forgotten once read").isEmpty();
    }

    @Test
    void theLastUnreadChangeIsTheOneWaitedFor() {
        unread.wrote("b1", 7L, WAIT);
        unread.wrote("b1", 9L, WAIT);
        read.add(7L);

        assertThat(unread.read("b1", WAIT)).as("the later change is still unread").isFalse();
        read.add(9L);
        assertThat(unread.read("b1", WAIT)).isTrue();
    }
}
