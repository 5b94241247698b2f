package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.benchmarks.pipeline.PipelineOptions;
import dev.taskfleet.benchmarks.pipeline.PipelineOverheadBenchmark;
import dev.taskfleet.benchmarks.pipeline.PipelineRound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, on every build (docs/BENCHMARKS.md): no timing asserted; the harness must complete
 * and its own checks hold (the batch COMPLETED with exactly one succeeded result per task id on the
 * results topic; each record exactly once on the bare copy's last hop), and the broker's data is
 * gone afterwards (a full-size run writes up to 1.3 GB of it). Two warm-up batches, so a second
 * batch on the same fleet is checked as the first is: had it reused the first's task ids or bare
 * copy topics, the tasks topic or its copy's last hop would hold a task twice and the run would fail.
 */
class PipelineSmokeTest {

    @Test
    void thePipelineHarnessChecksEveryTaskEndToEndAndThroughTheBareCopy() throws Exception {
        Path work = Path.of("target", "smoke", "pipeline");
        Set<Path> brokerDataBefore = brokerData(work);

        PipelineOverheadBenchmark.Measurement measurement = PipelineOverheadBenchmark.measure(HarnessOptions.parse(
                new PipelineOptions(), "--tasks=300", "--warmup=50", "--warmup-batches=2", "--work-dir=" + work));

        assertThat(measurement.warmUps()).extracting(PipelineRound::tasks).containsExactly(50, 50);
        assertThat(measurement.rounds()).singleElement().satisfies(round -> {
            assertThat(round.tasks()).isEqualTo(300);
            assertThat(round.pipelineCpuTicks()).containsKeys("producer", "router", "worker-fast", "worker-quality");
        });
        assertThat(brokerData(work)).isEqualTo(brokerDataBefore);
    }

    private static Set<Path> brokerData(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(work)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("broker-")).collect(Collectors.toSet());
        }
    }
}
