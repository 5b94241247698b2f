package dev.taskfleet.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairQueueTest {

    @Test
    void teamsWithEqualWeightsTakeTurnsWhateverArrivedFirst() {
        FairQueue<String> queue = new FairQueue<>(team -> 1);
        for (int i = 0; i < 100; i++) {
            queue.add("bulk", Priority.STANDARD, "big", "bulk-" + i);
        }
        queue.add("small", Priority.STANDARD, "ten", "small-0");
        queue.add("small", Priority.STANDARD, "ten", "small-1");

        assertThat(take(queue, 4)).containsExactly("bulk-0", "small-0", "bulk-1", "small-1");
        assertThat(take(queue, 2)).containsExactly("bulk-2", "bulk-3");
    }

    @Test
    void weightsSetEachTeamsShareWhileBothHaveWork() {
        FairQueue<String> queue = new FairQueue<>(team -> team.equals("heavy") ? 3 : 1);
        for (int i = 0; i < 400; i++) {
            queue.add("heavy", Priority.STANDARD, "h", "heavy");
            queue.add("light", Priority.STANDARD, "l", "light");
        }

        List<String> first400 = take(queue, 400);

        assertThat(first400.stream().filter("heavy"::equals).count()).isEqualTo(300);
        assertThat(first400.stream().filter("light"::equals).count()).isEqualTo(100);
        // Once the heavy team runs dry, the light one gets every turn.
        assertThat(take(queue, 400)).containsOnly("heavy", "light");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aTeamAloneGetsEveryTurnAndATeamThatRanDryCannotSaveUpTurns() {
        FairQueue<String> queue = new FairQueue<>(team -> team.equals("a") ? 5 : 1);
        queue.add("a", Priority.STANDARD, "x", "a-0");
        assertThat(queue.poll()).isEqualTo("a-0");
        for (int i = 0; i < 3; i++) {
            queue.add("b", Priority.STANDARD, "y", "b-" + i);
        }
        queue.add("a", Priority.STANDARD, "x", "a-1");
        queue.add("a", Priority.STANDARD, "x", "a-2");

        // Team a's five-item credit was used on one item before it ran dry; it starts afresh behind b.
        assertThat(take(queue, 5)).containsExactly("b-0", "a-1", "a-2", "b-1", "b-2");
    }

    @Test
    void aTeamsBatchesTakeTurnsInArrivalOrderWithinEach() {
        FairQueue<String> queue = new FairQueue<>(team -> 1);
        for (int i = 0; i < 5; i++) {
            queue.add("team", Priority.STANDARD, "first", "first-" + i);
        }
        queue.add("team", Priority.STANDARD, "second", "second-0");
        queue.add("team", Priority.STANDARD, "second", "second-1");

        assertThat(take(queue, 7)).containsExactly("first-0", "second-0", "first-1", "second-1", "first-2", "first-3",
                "first-4");
    }

    @Test
    void withinATeamInteractiveWorkStartsFirstAndEveryClassKeepsItsShare() {
        FairQueue<String> queue = new FairQueue<>(team -> 1);
        for (int i = 0; i < 100; i++) {
            queue.add("team", Priority.BULK, "backlog", "bulk");
        }
        for (int i = 0; i < 100; i++) {
            queue.add("team", Priority.STANDARD, "daily", "standard");
        }
        for (int i = 0; i < 100; i++) {
            queue.add("team", Priority.INTERACTIVE, "now", "interactive");
        }

        List<String> firstHundred = take(queue, 100);

        // Whatever arrived first, every round of ten starts is six interactive, three standard, one bulk.
        assertThat(firstHundred.subList(0, 10)).containsExactly("interactive", "interactive", "interactive",
                "interactive", "interactive", "interactive", "standard", "standard", "standard", "bulk");
        assertThat(firstHundred.stream().filter("interactive"::equals).count()).isEqualTo(60);
        assertThat(firstHundred.stream().filter("standard"::equals).count()).isEqualTo(30);
        assertThat(firstHundred.stream().filter("bulk"::equals).count()).isEqualTo(10);
    }

    @Test
    void classesShareOnlyTheirOwnTeamsTurnsNotAnotherTeams() {
        FairQueue<String> queue = new FairQueue<>(team -> 1);
        for (int i = 0; i < 50; i++) {
            queue.add("a", Priority.INTERACTIVE, "x", "a");
            queue.add("b", Priority.BULK, "y", "b");
        }

        List<String> first = take(queue, 40);

        assertThat(first.stream().filter("a"::equals).count()).as("team shares come first").isEqualTo(20);
    }

    @Test
    void removedItemsAreGoneFromTheirTeamsAndTheCounts() {
        FairQueue<String> queue = new FairQueue<>(team -> 1);
        queue.add("a", Priority.STANDARD, "x", "drop-1");
        queue.add("a", Priority.STANDARD, "x", "keep-1");
        queue.add("b", Priority.STANDARD, "y", "drop-2");

        assertThat(queue.removeIf(item -> item.startsWith("drop"))).isEqualTo(2);

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.sizeByTeam()).isEqualTo(Map.of("a", 1));
        assertThat(queue.poll()).isEqualTo("keep-1");
        assertThat(queue.poll()).isNull();
    }

    private static List<String> take(FairQueue<String> queue, int count) {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            taken.add(queue.poll());
        }
        return taken;
    }
}
