package dev.taskfleet.router.adaptive;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.policy.OutcomeWindow;
import dev.taskfleet.policy.SuccessRate;
import dev.taskfleet.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeRecorderTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final OutcomeWindow window = new OutcomeWindow(WINDOW, clock);
    private final OutcomeRecorder recorder = new OutcomeRecorder(window, WINDOW, clock);

    @Test
    void countsTheFinalTierAsTheResultsStatus() {
        recorder.record(result("t1", 1, "fast", ResultStatus.SUCCEEDED, List.of()));
        recorder.record(result("t2", 1, "fast", ResultStatus.FAILED, List.of()));

        assertThat(window.successRate("refactor", "fast")).contains(new SuccessRate(2, 1));
    }

    @Test
    void countsEveryTierFailedBeforeEscalationOnceAsAFailure() {
        recorder.record(result("t1", 1, "quality", ResultStatus.SUCCEEDED, List.of(
                attempt("fast", "TIMEOUT"), attempt("fast", "OUTPUT_REJECTED"), attempt("quality", "SUCCEEDED"))));

        assertThat(window.successRate("refactor", "fast")).contains(new SuccessRate(1, 0));
        assertThat(window.successRate("refactor", "quality")).contains(new SuccessRate(1, 1));
    }

    @Test
    void dropsDuplicatesOfOneRunButCountsTheNextRun() {
        TaskResult first = result("t1", 1, "fast", ResultStatus.FAILED, List.of());

        assertThat(recorder.record(first)).isTrue();
        assertThat(recorder.record(first)).isFalse();
        assertThat(recorder.record(result("t1", 2, "fast", ResultStatus.SUCCEEDED, List.of()))).isTrue();

        assertThat(window.successRate("refactor", "fast")).contains(new SuccessRate(2, 1));
        assertThat(recorder.duplicates()).isEqualTo(1);
    }

    @Test
    void stillRecognisesADuplicateJustAfterTheDedupMemoryRotated() {
        TaskResult first = result("t1", 1, "fast", ResultStatus.FAILED, List.of());
        recorder.record(first);

        clock.advance(WINDOW.plusSeconds(1));

        assertThat(recorder.record(first)).isFalse();
    }

    @Test
    void doesNotCountCancelledResults() {
        recorder.record(result("t1", 1, "fast", ResultStatus.CANCELLED, List.of()));

        assertThat(window.successRate("refactor", "fast")).isEqualTo(Optional.empty());
    }

    private static AttemptRecord attempt(String tier, String outcome) {
        return anAttempt().onTier(tier).model("m").outcome(outcome).latencyMs(10).tokens(1, 1).build();
    }

    private TaskResult result(String id, int run, String tier, ResultStatus status, List<AttemptRecord> history) {
        return aResult().taskId(id).batch("b").onTier(tier).model("m").status(status).output("ok")
                .error("MODEL_ERROR", "failed").attempts(Math.max(1, history.size())).tokens(1, 1).latencyMs(10)
                .worker("worker").finishedAt(clock.instant()).run(run).submittedAt(START).history(history).build();
    }

}
