package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.benchmarks.Shares.Completion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharesTest {

    /** {@code perSecondA} completions of team a and {@code perSecondB} of team b in each second of {@code [from, to)}. */
    private static List<Completion> steady(int fromS, int toS, int perSecondA, int perSecondB) {
        List<Completion> all = new ArrayList<>();
        for (int second = fromS; second < toS; second++) {
            for (int i = 0; i < perSecondA; i++) {
                all.add(new Completion("a", second * 1000L + i));
            }
            for (int i = 0; i < perSecondB; i++) {
                all.add(new Completion("b", second * 1000L + 500 + i));
            }
        }
        return all;
    }

    @Test
    void fixedWindowsCountOnlyWholeWindowsAndTheirOwnCompletions() {
        List<Completion> completions = new ArrayList<>(steady(0, 10, 3, 1));
        completions.addAll(steady(10, 25, 1, 1));

        assertThat(Shares.fixedWindows(completions, "a", 0, 25_000, 10_000)).containsExactly(0.75, 0.5);
        assertThat(Shares.share(completions, "b", 0, 20_000)).isCloseTo(20.0 / 60, within(1e-9));
        assertThat(Shares.share(completions, "a", 30_000, 40_000)).as("no completion at all").isZero();
    }

    @Test
    void theLateTeamSettlesWhereItsShareStaysAtTheThresholdToTheEnd() {
        // b gets nothing for 3 s, then an equal share, except for one second at 8 s.
        List<Completion> completions = new ArrayList<>(steady(0, 3, 4, 0));
        completions.addAll(steady(3, 8, 2, 2));
        completions.addAll(steady(8, 9, 4, 0));
        completions.addAll(steady(9, 20, 2, 2));

        Shares.Settling settling = Shares.settling(completions, "b", 0, 20_000, 2_000, 500, Shares.EQUAL_LOW);

        assertThat(settling.firstReached()).hasValue(5.0);
        assertThat(settling.settled()).as("the dip at 8-9 s counts until the window has passed it").hasValue(11.0);
    }

    @Test
    void slidingWindowsFromAMomentOnAreThoseEndingThenOrLater() {
        List<Completion> completions = new ArrayList<>(steady(0, 3, 4, 0));
        completions.addAll(steady(3, 6, 1, 1));

        // Windows ending at 4, 5 and 6 s: [2, 4) has 5 of a's and 1 of b's, the others 2 each.
        assertThat(Shares.slidingFrom(completions, "b", 0, 6_000, 2_000, 1_000, 4.0)).containsExactly(1.0 / 6, 0.5, 0.5);
    }

    @Test
    void aTeamThatNeverGetsItsShareNeverSettles() {
        Shares.Settling settling = Shares.settling(steady(0, 20, 4, 1), "b", 0, 20_000, 5_000, 500, Shares.EQUAL_LOW);

        assertThat(settling.firstReached()).isEmpty();
        assertThat(settling.settled()).isEmpty();
        assertThat(Shares.nearEqual(0.425)).isTrue();
        assertThat(Shares.nearEqual(0.58)).isFalse();
    }
}
