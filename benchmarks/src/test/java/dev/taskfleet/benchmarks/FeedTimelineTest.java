package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeedTimelineTest {

    private static final long SECOND = 1_000;

    @Test
    void aWorkerFedAheadOfItsSlotsLosesNothingButItsLastWave() {
        // Two slots, four tasks written and routed before any call: two full waves of 1 s.
        long[] written = {0, 0, 0, 0};
        long[] routed = {0, 0, 0, 0};
        long[] started = {0, 0, SECOND, SECOND};

        FeedTimeline.Losses losses = FeedTimeline.losses(written, routed, started, 2, SECOND);

        assertThat(losses.routedNotStarted() + losses.writtenNotRouted() + losses.notWritten() + losses.noneLeft())
                .isCloseTo(0, within(0.001));
        assertThat(losses.fullAfterSeconds()).isZero();
    }

    @Test
    void anEmptySlotIsPutDownToTheRouterWhileTheTaskWasWrittenButNotRouted() {
        // One slot; the second task was written at once but routed only 0.5 s after the first call ended.
        long[] written = {0, 0};
        long[] routed = {0, 1_500};
        long[] started = {0, 1_500};

        FeedTimeline.Losses losses = FeedTimeline.losses(written, routed, started, 1, SECOND);

        assertThat(losses.writtenNotRouted()).isCloseTo(0.5, within(0.011));
        assertThat(losses.routedNotStarted()).isCloseTo(0, within(0.011));
        assertThat(losses.notWritten()).isZero();
    }

    @Test
    void anEmptySlotWhileARoutedTaskWaitsIsTheWorkersAndOneBeforeTheUploadIsTheUploads() {
        // One slot. Task 2 routed at 1 s but started at 1.3 s; task 3 written only at 2.5 s.
        long[] written = {0, 0, 2_500};
        long[] routed = {0, 1_000, 2_500};
        long[] started = {0, 1_300, 2_500};

        FeedTimeline.Losses losses = FeedTimeline.losses(written, routed, started, 1, SECOND);

        assertThat(losses.routedNotStarted()).isCloseTo(0.3, within(0.011));
        assertThat(losses.notWritten()).isCloseTo(0.2, within(0.011));
        assertThat(losses.writtenNotRouted()).isZero();
        assertThat(losses.noneLeft()).isZero();
    }
}
