package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.submission.SubmissionBenchmark;
import dev.taskfleet.benchmarks.submission.SubmissionMeasurement;
import dev.taskfleet.benchmarks.submission.SubmissionOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (each task of the file exactly once, by its id, on the tasks topic).
 */
class SubmissionSmokeTest {

    @Test
    void theSubmissionHarnessFindsEachTaskOnceOnTheTasksTopic() throws Exception {
        List<SubmissionMeasurement> rows = SubmissionBenchmark.measure(HarnessOptions.parse(new SubmissionOptions(),
                "--cases=300", "--warmup=50", "--warmup-batches=2", "--work-dir=" + Path.of("target", "smoke", "submission")));

        assertThat(rows).singleElement().satisfies(row -> assertThat(row.tasks()).isEqualTo(300));
    }
}
