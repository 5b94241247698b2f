package dev.taskfleet.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline harness's per-task check of the results topic must be able to fail. */
class ResultCountTest {

    private static final Set<String> IDS = Set.of("t-1", "t-2");

    @Test
    void exactlyOneSucceededResultPerTaskPasses() {
        ResultCount count = new ResultCount("b", IDS);
        count.add(result("t-1", "b", ResultStatus.SUCCEEDED));
        count.add(result("t-2", "b", ResultStatus.SUCCEEDED));
        count.add(result("t-1", "another batch", ResultStatus.SUCCEEDED));
        count.add(null);

        assertThatCode(count::verify).doesNotThrowAnyException();
    }

    @Test
    void aRepeatedAMissingAForeignAndAFailedResultAreEachReported() {
        ResultCount count = new ResultCount("b", IDS);
        count.add(result("t-1", "b", ResultStatus.SUCCEEDED));
        count.add(result("t-1", "b", ResultStatus.SUCCEEDED));
        count.add(result("t-9", "b", ResultStatus.SUCCEEDED));

        assertThat(count.problems()).containsExactlyInAnyOrder("t-9 has a result but was not submitted",
                "t-1 has 2 results", "t-2 has 0 results");
        assertThatThrownBy(count::verify).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 problem(s)");

        ResultCount failed = new ResultCount("b", Set.of("t-1"));
        failed.add(result("t-1", "b", ResultStatus.FAILED));
        assertThat(failed.problems()).containsExactly("t-1 ended FAILED");
    }

    private static TaskResult result(String taskId, String batchId, ResultStatus status) {
        ResultError error = status == ResultStatus.FAILED ? new ResultError("model_error", "failed") : null;
        return new TaskResult(1, taskId, batchId, "refactor", "fast", "sim-fast", status,
                status == ResultStatus.SUCCEEDED ? "done" : null, error, 1, 10, 10, 0.0, 1, "w", Instant.EPOCH, null,
                "bench", 1, Instant.EPOCH, List.of(), null);
    }
}
