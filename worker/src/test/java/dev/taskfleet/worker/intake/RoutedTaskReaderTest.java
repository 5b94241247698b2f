package dev.taskfleet.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.testkit.TaskBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutedTaskReaderTest {

    private final RoutedTaskReader reader =
            new RoutedTaskReader("fast", new TaskValidator(TaskLimits.defaults(List.of("fast", "quality"))));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void assertRejected(byte[] value, String reasonCode) {
        assertThatThrownBy(() -> reader.read(value))
                .isInstanceOfSatisfying(RejectedRecordException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(reasonCode));
    }

    @Test
    void readsARoutedTaskForItsTier() throws RejectedRecordException {
        RoutedTask routed = TaskBuilder.task().id("t-1").prompt("Explain this stack trace, please.").routedTo("fast");

        RoutedTask read = reader.read(utf8(EventCodec.encode(routed)));

        assertThat(read).isEqualTo(routed);
    }

    @Test
    void rejectsWhatIsNotJsonOrNotUtf8OrEmpty() {
        assertRejected(utf8("this is not json"), DeadLetterReasons.UNPARSEABLE);
        assertRejected(new byte[] {(byte) 0xc3, (byte) 0x28, '{', '}'}, DeadLetterReasons.UNPARSEABLE);
        assertRejected(null, DeadLetterReasons.UNPARSEABLE);
        assertRejected(new byte[0], DeadLetterReasons.UNPARSEABLE);
    }

    @Test
    void rejectsIncompleteEventsAndNewerSchemas() {
        assertRejected(utf8("{\"schemaVersion\":1,\"tier\":\"fast\"}"), DeadLetterReasons.INVALID_EVENT);
        String future = EventCodec.encode(TaskBuilder.task().routedTo("fast")).replaceFirst("\"schemaVersion\":1",
                "\"schemaVersion\":99");
        assertRejected(utf8(future), DeadLetterReasons.UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsATaskRoutedToAnotherTier() {
        assertRejected(utf8(EventCodec.encode(TaskBuilder.task().routedTo("quality"))), DeadLetterReasons.WRONG_TIER);
    }

    @Test
    void rejectsATaskTheValidatorRefuses() {
        RoutedTask blankPrompt = TaskBuilder.task().prompt("   ").routedTo("fast");
        RoutedTask unknownHint = TaskBuilder.task().tierHint("premium").routedTo("fast");

        assertRejected(utf8(EventCodec.encode(blankPrompt)), DeadLetterReasons.INVALID_TASK);
        assertRejected(utf8(EventCodec.encode(unknownHint)), DeadLetterReasons.INVALID_TASK);
    }
}
