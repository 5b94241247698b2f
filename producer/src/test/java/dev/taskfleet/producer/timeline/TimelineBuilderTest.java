package dev.taskfleet.producer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.api.CompletionTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineBuilderTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void countsPerSecondAndTierFromAWholeSecondEveryConfiguredTierIncluded() {
        TimelineBuilder builder = new TimelineBuilder(List.of("fast", "quality", "deep"));
        builder.add("fast", T0.plusMillis(300));
        builder.add("fast", T0.plusMillis(900));
        builder.add("quality", T0.plusMillis(2400));

        CompletionTimeline timeline = builder.build("b1");

        assertThat(timeline.start()).isEqualTo(T0);
        assertThat(timeline.bucketSeconds()).isEqualTo(1);
        assertThat(timeline.completed()).containsExactly(
                Map.entry("fast", List.of(2L, 0L, 0L)),
                Map.entry("quality", List.of(0L, 0L, 1L)),
                Map.entry("deep", List.of(0L, 0L, 0L)));
    }

    @Test
    void aLongBatchGetsALongerStepAndNeverMoreThanTheMaximumNumberOfBuckets() {
        TimelineBuilder builder = new TimelineBuilder(List.of("fast"));
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            builder.add("fast", T0.plusMillis(random.nextInt((int) Duration.ofHours(3).toMillis())));
        }

        CompletionTimeline timeline = builder.build("b2");

        assertThat(timeline.bucketSeconds()).isEqualTo(120);
        assertThat(timeline.completed().get("fast")).hasSizeLessThanOrEqualTo(TimelineBuilder.MAX_BUCKETS);
        assertThat(timeline.completed().get("fast").stream().mapToLong(Long::longValue).sum()).isEqualTo(5_000);
        assertThat(timeline.start().getEpochSecond() % 120).as("starts on a whole step").isZero();
    }

    @Test
    void aTierNoLongerConfiguredStillGetsItsSeriesAndAnEmptyBatchHasNoStart() {
        TimelineBuilder builder = new TimelineBuilder(List.of("fast"));
        assertThat(builder.build("b3").start()).isNull();
        assertThat(builder.build("b3").completed()).containsOnlyKeys("fast");

        builder.add("retired", T0);
        assertThat(builder.build("b3").completed()).containsOnlyKeys("fast", "retired");
    }

    @Test
    void stepsAreChosenFromTheLadder() {
        assertThat(TimelineBuilder.stepFor(0)).isEqualTo(1);
        assertThat(TimelineBuilder.stepFor(Duration.ofSeconds(118).toMillis())).isEqualTo(1);
        assertThat(TimelineBuilder.stepFor(Duration.ofSeconds(119).toMillis())).isEqualTo(2);
        assertThat(TimelineBuilder.stepFor(Duration.ofDays(30).toMillis())).isEqualTo(43200);
        long pastTheLadder = TimelineBuilder.stepFor(Duration.ofDays(300).toMillis());
        assertThat(pastTheLadder % 86400).as("whole days past the ladder").isZero();
        assertThat(Duration.ofDays(300).toSeconds() / pastTheLadder + 2).isLessThanOrEqualTo(TimelineBuilder.MAX_BUCKETS);
    }
}
