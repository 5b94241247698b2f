package dev.taskfleet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void decodesARecordsValue() {
        Task task = TaskBuilder.task().id("t-1").build();

        assertThat(Events.decode(new ConsumerRecord<>("tasks", 2, 17, "t-1", EventCodec.encode(task)), Task.class))
                .isEqualTo(task);
    }

    @Test
    void anUndecodableRecordFailsTheTestWithItsCoordinatesAndTheReason() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("results", 2, 17, "t-1", "{\"schemaVersion\":1}");

        assertThatThrownBy(() -> Events.decode(record, TaskResult.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("results-2 offset 17 (key t-1)")
                .hasMessageContaining("not a TaskResult event: INVALID_EVENT")
                .hasMessageContaining("missing field 'taskId'")
                .hasMessageContaining("payload: {\"schemaVersion\":1}");
    }

    @Test
    void decodesEveryNonBlankLineAndNamesTheLineThatIsNot() {
        String good = EventCodec.encode(TaskBuilder.task().id("t-1").build());

        assertThat(Events.decodeLines(good + "\n\n" + good + "\n", Task.class)).hasSize(2);
        assertThatThrownBy(() -> Events.decodeLines(good + "\nnot json\n", Task.class))
                .hasMessageStartingWith("line 2 is not a Task event: UNPARSEABLE");
    }
}
