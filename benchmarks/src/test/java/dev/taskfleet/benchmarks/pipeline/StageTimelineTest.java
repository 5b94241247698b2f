package dev.taskfleet.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.TopicNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline harness's timeline of when each hop wrote a round's records. */
class StageTimelineTest {

    private static final TopicNames NAMES = new TopicNames("pl");
    private static final Set<String> IDS = Set.of("a", "b", "c", "d");

    @Test
    void eachTopicOfThePathBelongsToItsStageAndNoOtherTopicToAny() {
        assertThat(StageTimeline.stageOf(NAMES.tasks(), NAMES)).isEqualTo(StageTimeline.SUBMITTED);
        assertThat(StageTimeline.stageOf(NAMES.inbox("team-a", Priority.BULK), NAMES)).isEqualTo(StageTimeline.SUBMITTED);
        assertThat(StageTimeline.stageOf(NAMES.tier("fast"), NAMES)).isEqualTo(StageTimeline.ROUTED);
        assertThat(StageTimeline.stageOf(NAMES.lane("quality", "team-a"), NAMES)).isEqualTo(StageTimeline.ROUTED);
        assertThat(StageTimeline.stageOf(NAMES.results(), NAMES)).isEqualTo(StageTimeline.RESULT);
        assertThat(StageTimeline.stageOf(NAMES.escalations(), NAMES)).isNull();
        assertThat(StageTimeline.stageOf(NAMES.batches(), NAMES)).isNull();
        assertThat(StageTimeline.stageOf("pl.bare-r1.hop1", NAMES)).isNull();
    }

    @Test
    void rendersEachStagesFirstAndLastWriteAndTheWaitsBetweenStages() {
        StageTimeline timeline = new StageTimeline(1_000,
                stage(StageTimeline.SUBMITTED, 1_010, 1_020, 1_030, 1_040),
                stage(StageTimeline.ROUTED, 1_110, 1_120, 1_130, 1_440),
                stage(StageTimeline.RESULT, 1_210, 1_220, 1_330, 2_440));

        assertThat(timeline.render().lines()).containsExactly(
                "  submitted first     10 ms, last     40 ms after the upload started",
                "  routed    first    110 ms, last    440 ms after the upload started",
                "  result    first    210 ms, last   1440 ms after the upload started",
                "  submitted -> routed per task: median 100 ms, p95 400 ms, most 400 ms",
                "  routed -> result per task: median 100 ms, p95 1000 ms, most 1000 ms");
    }

    @Test
    void aStageMissingATaskOfTheBatchIsRefused() {
        assertThatThrownBy(() -> StageTimeline.Stage.of(StageTimeline.ROUTED, List.of("pl.tasks.fast"),
                Map.of("a", 1L, "b", 2L, "c", 3L, "x", 4L), IDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stage routed ([pl.tasks.fast]) lacks 1 of the batch's 4 tasks, first: d");
    }

    @Test
    void aTaskWrittenTwiceCountsWithItsLaterWriteAndOtherTasksAreLeftOut() {
        Map<String, Long> writtenAt = new HashMap<>();

        StageTimeline.keepLatest(writtenAt, IDS, "a", 200);
        StageTimeline.keepLatest(writtenAt, IDS, "a", 100);
        StageTimeline.keepLatest(writtenAt, IDS, "x", 300);
        StageTimeline.keepLatest(writtenAt, IDS, null, 400);

        assertThat(writtenAt).containsExactly(Map.entry("a", 200L));
    }

    @Test
    void aStageKeepsOnlyTheBatchsTasks() {
        StageTimeline.Stage stage = StageTimeline.Stage.of(StageTimeline.RESULT, List.of("pl.results"),
                Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L, "x", 5L), IDS);

        assertThat(stage.writtenAt()).containsOnlyKeys(IDS);
    }

    private static StageTimeline.Stage stage(String name, long a, long b, long c, long d) {
        return StageTimeline.Stage.of(name, List.of(), Map.of("a", a, "b", b, "c", c, "d", d), IDS);
    }
}
