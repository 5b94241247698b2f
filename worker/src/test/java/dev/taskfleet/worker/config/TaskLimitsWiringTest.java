package dev.taskfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.config.SharedFleetConfig;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.intake.RejectedRecordException;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code taskfleet.task-limits.*} reach the validator the worker checks every record with. */
class TaskLimitsWiringTest {

    private static final TierProfile FAST = new TierProfile("fast", "sim-fast", 512, Price.FREE);
    /** Over the 100,000-character default, under the raised limit below. */
    private static final byte[] LONG_PROMPT_TASK = EventCodec.encode(
            TaskBuilder.task().prompt("x".repeat(150_000)).routedTo("fast")).getBytes(StandardCharsets.UTF_8);

    private static WorkerConfig config(Map<String, String> properties) {
        return WorkerConfigs.from(properties);
    }

    private static RoutedTaskReader reader(Map<String, String> properties) {
        return new WorkerComponents().routedTaskReader(config(properties), FAST);
    }

    @Test
    void defaultsMatchTheProducerAndRouter() {
        SharedFleetConfig.TaskLimitSettings limits = config(Map.of()).taskLimits();

        assertThat(limits.maxPromptChars()).isEqualTo(100_000);
        assertThat(limits.maxLabels()).isEqualTo(32);
        assertThat(limits.maxLabelChars()).isEqualTo(256);
        assertThatThrownBy(() -> reader(Map.of()).read(LONG_PROMPT_TASK))
                .isInstanceOfSatisfying(RejectedRecordException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(DeadLetterReasons.INVALID_TASK));
    }

    @Test
    void aRaisedPromptLimitIsHonoured() throws RejectedRecordException {
        RoutedTask read = reader(Map.of("taskfleet.task-limits.max-prompt-chars", "200000")).read(LONG_PROMPT_TASK);

        assertThat(read.task().prompt()).hasSize(150_000);
    }

    @Test
    void aLoweredLabelLimitIsHonoured() {
        byte[] twoLabels = EventCodec.encode(TaskBuilder.task().label("a", "1").label("b", "2").routedTo("fast"))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader(Map.of("taskfleet.task-limits.max-labels", "1")).read(twoLabels))
                .isInstanceOfSatisfying(RejectedRecordException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(DeadLetterReasons.INVALID_TASK));
    }
}
