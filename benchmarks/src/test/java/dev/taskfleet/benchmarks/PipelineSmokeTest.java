package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.pipeline.PipelineOptions;
import dev.taskfleet.benchmarks.pipeline.PipelineOverheadBenchmark;
import dev.taskfleet.benchmarks.pipeline.PipelineRound;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (the batch COMPLETED with exactly one succeeded result per task id on the
 * results topic; each record exactly once on the bare copy's last hop).
 */
class PipelineSmokeTest {

    @Test
    void thePipelineHarnessChecksEveryTaskEndToEndAndThroughTheBareCopy() throws Exception {
        List<PipelineRound> rounds = PipelineOverheadBenchmark.measure(HarnessOptions.parse(new PipelineOptions(),
                "--tasks=300", "--warmup=50", "--work-dir=" + Path.of("target", "smoke", "pipeline")));

        assertThat(rounds).singleElement().satisfies(round -> {
            assertThat(round.tasks()).isEqualTo(300);
            assertThat(round.pipelineCpuTicks()).containsKeys("producer", "router", "worker-fast", "worker-quality");
        });
    }
}
