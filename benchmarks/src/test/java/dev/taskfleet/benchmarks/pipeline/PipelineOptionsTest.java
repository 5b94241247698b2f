package dev.taskfleet.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Options of the pipeline benchmark: the documented defaults, and bad input refused with its name. */
class PipelineOptionsTest {

    @Test
    void defaultsMatchTheWriteUp() {
        PipelineOptions options = PipelineOptions.parse();

        assertThat(options.tasks()).isEqualTo(20_000);
        assertThat(options.warmup()).isEqualTo(10_000);
        assertThat(options.warmupBatches()).isEqualTo(1);
        assertThat(options.runs()).isEqualTo(1);
        assertThat(options.jfr()).isNull();
        assertThat(options.workDir().toString()).endsWith("benchmarks/target/pipeline-run");
    }

    @Test
    void aLongerWarmUpIsMoreBatches() {
        PipelineOptions options = PipelineOptions.parse("--warmup=100000", "--warmup-batches=4", "--runs=5");

        assertThat(options.warmup()).isEqualTo(100_000);
        assertThat(options.warmupBatches()).isEqualTo(4);
        assertThat(options.runs()).isEqualTo(5);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> PipelineOptions.parse("--warmup-batches=0")).hasMessageContaining("warmup-batches");
        assertThatThrownBy(() -> PipelineOptions.parse("--warmup=100001")).hasMessageContaining("warmup");
        assertThatThrownBy(() -> PipelineOptions.parse("--runs=0")).hasMessageContaining("runs");
    }
}
