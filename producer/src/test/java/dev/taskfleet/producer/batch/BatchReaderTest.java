package dev.taskfleet.producer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.producer.team.TeamPriorities;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final BatchLimits LIMITS = new BatchLimits(1 << 20, 1_000, 4_096, 100);

    private final List<Task> published = new ArrayList<>();
    private final AtomicInteger generated = new AtomicInteger();

    private BatchReader reader(BatchLimits limits) {
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(List.of("fast", "quality")));
        return new BatchReader(validator, limits, Clock.fixed(NOW, ZoneOffset.UTC), () -> "gen-" + generated.incrementAndGet());
    }

    private BatchOutcome read(BatchFormat format, String body) throws IOException {
        return read(LIMITS, format, body);
    }

    private BatchOutcome read(BatchLimits limits, BatchFormat format, String body) throws IOException {
        return reader(limits).read(stream(body), format, "batch-1", published::add);
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String task(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"refactor\",\"prompt\":\"Rename x to y\"}";
    }

    /**
     * A team that may use standard and bulk, with tasks after its second turned to bulk: a task naming
     * interactive is rejected under field {@code priority} (and still counts as a position), the third
     * and later tasks without a class become bulk, a task's own class wins, and a batch's class wins
     * over the turn to bulk.
     */
    @Test
    void aTeamsClassesAreEnforcedPerTaskAndTasksPastBulkAboveTasksBecomeBulk() throws IOException {
        TeamPriorities lowOnly = new TeamPriorities(EnumSet.of(Priority.STANDARD, Priority.BULK), 2);
        String body = String.join("\n", task("p1"),
                "{\"id\":\"p2\",\"prompt\":\"p\",\"priority\":\"interactive\"}", task("p3"),
                "{\"id\":\"p4\",\"prompt\":\"p\",\"priority\":\"standard\"}");

        BatchOutcome outcome = reader(LIMITS).read(stream(body), BatchFormat.NDJSON, "batch-1", "lows", LIMITS, null,
                null, lowOnly, published::add);

        assertThat(outcome.rejections()).containsExactly(new Rejection(2, null, "p2", "priority",
                "field 'priority': team 'lows' may not use priority 'interactive'; it may use standard, bulk"));
        assertThat(outcome.rejectedByField()).containsEntry("priority", 1L);
        assertThat(published).extracting(Task::id, Task::priority).containsExactly(
                tuple("p1", Priority.STANDARD),
                tuple("p3", Priority.BULK),
                tuple("p4", Priority.STANDARD));

        published.clear();
        reader(LIMITS).read(stream(String.join("\n", task("s1"), task("s2"), task("s3"))), BatchFormat.NDJSON,
                "batch-2", "lows", LIMITS, null, Priority.STANDARD, lowOnly, published::add);
        assertThat(published).extracting(Task::priority).containsOnly(Priority.STANDARD);
    }

    /**
     * The outcome counts the accepted tasks per class they ended with: the batch's class, a task's
     * own, and bulk past the team's turn; rejected tasks, also those the sink refuses, count in none.
     */
    @Test
    void theOutcomeCountsTheAcceptedTasksPerPriorityClassAfterTheTurnToBulk() throws IOException {
        TeamPriorities turnsBulk = new TeamPriorities(EnumSet.allOf(Priority.class), 2);
        String body = String.join("\n", task("a1"), "{\"id\":\"a2\",\"prompt\":\"p\",\"priority\":\"interactive\"}",
                task("a3"), task("too-big"), "{\"id\":\"a5\",\"prompt\":\"p\",\"priority\":\"fastest\"}",
                "{\"id\":\"a6\",\"prompt\":\"p\",\"priority\":\"interactive\"}", task("a7"));
        TaskSink refusingOne = task -> {
            if (task.id().equals("too-big")) {
                throw new TaskTooLargeException(2_000_000, 1_048_576);
            }
            published.add(task);
        };

        BatchOutcome outcome = reader(LIMITS).read(stream(body), BatchFormat.NDJSON, "batch-1", "mixed", LIMITS, null,
                null, turnsBulk, refusingOne);

        assertThat(outcome.accepted()).isEqualTo(5);
        assertThat(outcome.acceptedByPriority()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Priority.STANDARD, 1L, Priority.INTERACTIVE, 2L, Priority.BULK, 2L));

        published.clear();
        BatchOutcome bulk = reader(LIMITS).read(stream(String.join("\n", task("b1"), task("b2"))), BatchFormat.NDJSON,
                "batch-2", "mixed", LIMITS, null, Priority.BULK, TeamPriorities.ANY, published::add);
        assertThat(bulk.acceptedByPriority()).containsExactly(Map.entry(Priority.BULK, 2L));
    }

    /** A task the sink cannot take at all is rejected on its own, filed under {@code size}; the reading goes on. */
    @Test
    void aTaskTheSinkRefusesAsTooLargeIsRejectedAndTheRestAreRead() throws IOException {
        String body = String.join("\n", task("a"), task("too-big"), task("c"));
        TaskSink refusingOne = task -> {
            if (task.id().equals("too-big")) {
                throw new TaskTooLargeException(2_000_000, 1_048_576);
            }
            published.add(task);
        };

        BatchOutcome outcome = reader(LIMITS).read(stream(body), BatchFormat.NDJSON, "batch-1", refusingOne);

        assertThat(published).extracting(Task::id).containsExactly("a", "c");
        assertThat(outcome.accepted()).isEqualTo(2);
        assertThat(outcome.rejectedCount()).isEqualTo(1);
        Rejection rejection = outcome.rejections().get(0);
        assertThat(rejection.line()).isEqualTo(2);
        assertThat(rejection.id()).isEqualTo("too-big");
        assertThat(rejection.field()).isEqualTo(RejectionField.SIZE);
        assertThat(rejection.error()).isEqualTo("the task is 2000000 bytes as a Kafka record, more than the 1048576 "
                + "bytes the tasks topic takes; shorten its prompt or its expect schema");
        assertThat(outcome.rejectedByField()).containsEntry(RejectionField.SIZE, 1L);
    }

    @Test
    void ndjsonAcceptsGoodLinesAndReportsEachBadOneByLineNumber() throws IOException {
        String body = String.join("\n",
                task("a"),                                        // 1 good
                "{not json",                                      // 2 malformed
                "",                                               // 3 blank, skipped
                "{\"id\":\"c\",\"type\":\"refactor\"}",           // 4 invalid: no prompt
                "   ",                                            // 5 blank, skipped
                task("a"),                                        // 6 duplicate of line 1
                "{\"type\":\"docs\",\"prompt\":\"Explain\",\"tierHint\":\"fast\"}", // 7 good, id generated
                "");

        BatchOutcome outcome = read(BatchFormat.NDJSON, body);

        assertThat(published).extracting(Task::id).containsExactly("a", "gen-1");
        assertThat(published).allSatisfy(t -> {
            assertThat(t.batchId()).isEqualTo("batch-1");
            assertThat(t.createdAt()).isEqualTo(NOW);
        });
        assertThat(published.get(1).tierHint()).isEqualTo("fast");
        assertThat(outcome.submitted()).isEqualTo(5);
        assertThat(outcome.accepted()).isEqualTo(2);
        assertThat(outcome.rejectedCount()).isEqualTo(3);
        assertThat(outcome.rejections()).extracting(Rejection::line).containsExactly(2L, 4L, 6L);
        assertThat(outcome.rejections().get(0).error()).startsWith("malformed JSON (column ");
        assertThat(outcome.rejections().get(0).field()).isEqualTo("json");
        assertThat(outcome.rejections().get(1)).isEqualTo(
                new Rejection(4, null, "c", "prompt", "field 'prompt': is required"));
        assertThat(outcome.rejections().get(2).id()).isEqualTo("a");
        assertThat(outcome.rejections().get(2).error()).contains("'a'").contains("more than once");
        assertThat(outcome.rejectedByField()).isEqualTo(Map.of("json", 1L, "prompt", 1L, "id", 1L));
    }

    @Test
    void ndjsonHandlesCrlfAndAFinalLineWithoutNewline() throws IOException {
        BatchOutcome outcome = read(BatchFormat.NDJSON, task("a") + "\r\n\r\n" + task("b"));

        assertThat(outcome.accepted()).isEqualTo(2);
        assertThat(outcome.rejectedCount()).isZero();
        assertThat(published).extracting(Task::id).containsExactly("a", "b");
    }

    @Test
    void ndjsonRefusesTwoObjectsOnOneLine() throws IOException {
        BatchOutcome outcome = read(BatchFormat.NDJSON, task("a") + " " + task("b") + "\n" + task("c"));

        assertThat(published).extracting(Task::id).containsExactly("c");
        assertThat(outcome.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.field()).isEqualTo("json");
        });
    }

    @Test
    void aLineThatIsNotUtf8CostsOnlyItself() throws IOException {
        // 00 00 00 7B makes Jackson's own detection read UTF-32 and fail outside its JSON errors.
        byte[] bad = {0, 0, 0, '{', (byte) 0xC3, (byte) 0x28, '}'};
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes((task("a") + "\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bad);
        body.writeBytes(("\n" + task("b") + "\n").getBytes(StandardCharsets.UTF_8));

        BatchOutcome outcome = reader(LIMITS).read(new ByteArrayInputStream(body.toByteArray()),
                BatchFormat.NDJSON, "batch-1", published::add);

        assertThat(published).extracting(Task::id).containsExactly("a", "b");
        assertThat(outcome.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.field()).isEqualTo("json");
            assertThat(r.error()).isEqualTo("line is not valid UTF-8");
        });
    }

    @Test
    void jsonFormThatIsNotUtf8IsARejectionNotAnIoFailure() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("{\"tasks\":[" + task("a") + ",\n{\"id\":\"").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        body.writeBytes("\"}]}".getBytes(StandardCharsets.UTF_8));

        BatchOutcome outcome = reader(LIMITS).read(new ByteArrayInputStream(body.toByteArray()),
                BatchFormat.JSON, "batch-1", published::add);

        // The decoder reads ahead in chunks, so tasks sharing a chunk with the bad bytes are not
        // read either; what matters is a rejection that says why, not an unreadable-body failure.
        assertThat(outcome.rejections()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("json");
            assertThat(r.error()).contains("not valid UTF-8").contains("the rest of the body was not read");
        });
    }

    @Test
    void aLineOverTheLineLimitIsRejectedAndReadingGoesOn() throws IOException {
        String longPrompt = "x".repeat(5_000);
        String body = "{\"type\":\"refactor\",\"prompt\":\"" + longPrompt + "\"}\n" + task("b") + "\n";

        BatchOutcome outcome = read(BatchFormat.NDJSON, body);

        assertThat(published).extracting(Task::id).containsExactly("b");
        assertThat(outcome.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.field()).isEqualTo("line");
            assertThat(r.error()).isEqualTo("line is longer than the limit of 4096 bytes");
        });
    }

    @Test
    void anUnknownFieldIsFiledUnderOneTagWhateverItsName() throws IOException {
        BatchOutcome outcome = read(BatchFormat.NDJSON,
                "{\"type\":\"refactor\",\"prompt\":\"p\",\"tier_hint\":\"fast\"}\n");

        assertThat(outcome.rejections()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("unknown-field");
            assertThat(r.error()).startsWith("field 'tier_hint': is not a known field");
        });
    }

    @Test
    void jsonFormReportsIndexAndLineOfEachRejectedTask() throws IOException {
        String body = "{\"tasks\": [\n"
                + "  " + task("a") + ",\n"
                + "  {\"id\":\"b\",\"type\":\"refactor\",\"prompt\":\"p\",\"tierHint\":\"huge\"},\n"
                + "  \"not an object\",\n"
                + "  {\"type\":\"refactor\",\"prompt\":\"p\"}\n"
                + "]}";

        BatchOutcome outcome = read(BatchFormat.JSON, body);

        assertThat(published).extracting(Task::id).containsExactly("a", "gen-1");
        assertThat(outcome.submitted()).isEqualTo(4);
        assertThat(outcome.rejections()).containsExactly(
                new Rejection(3, 1, "b", "tierHint", "field 'tierHint': 'huge' is not a tier; known tiers are fast, quality"),
                new Rejection(4, 2, null, "task", "field 'task': must be a JSON object"));
    }

    @Test
    void jsonSyntaxErrorStopsTheReadingButTheTasksBeforeItStand() throws IOException {
        String body = "{\"tasks\": [\n" + task("a") + ",\n" + task("b") + "\n" + task("c") + "\n]}";

        BatchOutcome outcome = read(BatchFormat.JSON, body);

        assertThat(published).extracting(Task::id).containsExactly("a", "b");
        assertThat(outcome.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.index()).isEqualTo(2);
            assertThat(r.field()).isEqualTo("json");
            assertThat(r.error()).startsWith("malformed JSON (column ").endsWith("the rest of the body was not read");
        });
    }

    @Test
    void jsonFormMustBeAnObjectWithATasksArray() throws IOException {
        assertThat(read(BatchFormat.JSON, "[" + task("a") + "]").rejections())
                .singleElement().extracting(Rejection::error).asString().startsWith("the body must be a JSON object");
        assertThat(read(BatchFormat.JSON, "{\"task\": []}").rejections())
                .singleElement().extracting(Rejection::error).asString().startsWith("unknown field 'task'");
        assertThat(read(BatchFormat.JSON, "{}").rejections())
                .singleElement().extracting(Rejection::error).asString().startsWith("field 'tasks' is missing");
        assertThat(read(BatchFormat.JSON, "{\"tasks\": {}}").rejections())
                .singleElement().extracting(Rejection::error).asString().startsWith("field 'tasks' must be an array");
        assertThat(published).isEmpty();
    }

    @Test
    void byteLimitTripsWhileStreamingAndNamesTheLimit() {
        BatchLimits small = new BatchLimits(2_048, 1_000, 4_096, 100);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            body.append(task("t" + i)).append('\n');
        }

        assertThatThrownBy(() -> read(small, BatchFormat.NDJSON, body.toString()))
                .isInstanceOf(BatchTooLargeException.class)
                .hasMessage("the request body is larger than the limit of 2048 bytes (2 KiB); split the batch")
                .extracting(e -> ((BatchTooLargeException) e).limit()).isEqualTo(BatchTooLargeException.Limit.BYTES);
        assertThat(published).hasSizeLessThan(100);
    }

    @Test
    void byteLimitAlsoAppliesToTheJsonForm() {
        BatchLimits small = new BatchLimits(1_024, 1_000, 4_096, 100);
        String body = "{\"tasks\": [" + String.join(",", java.util.Collections.nCopies(50, task("x"))) + "]}";

        assertThatThrownBy(() -> read(small, BatchFormat.JSON, body))
                .isInstanceOf(BatchTooLargeException.class)
                .hasMessageContaining("limit of 1024 bytes (1 KiB)");
    }

    @Test
    void taskCountLimitTripsOnTheFirstTaskOverIt() {
        BatchLimits three = new BatchLimits(1 << 20, 3, 4_096, 100);
        String body = task("a") + "\n\n" + "{broken\n" + task("b") + "\n" + task("c") + "\n";

        assertThatThrownBy(() -> read(three, BatchFormat.NDJSON, body))
                .isInstanceOf(BatchTooLargeException.class)
                .hasMessage("the batch has more than the limit of 3 tasks; split the batch");
        assertThat(published).extracting(Task::id).containsExactly("a", "b");
    }

    @Test
    void rejectionsListedAreCappedButAllAreCounted() throws IOException {
        BatchLimits capped = new BatchLimits(1 << 20, 1_000, 4_096, 2);
        String body = "x\ny\nz\n" + task("a") + "\n";

        BatchOutcome outcome = read(capped, BatchFormat.NDJSON, body);

        assertThat(outcome.rejectedCount()).isEqualTo(3);
        assertThat(outcome.rejections()).extracting(Rejection::line).containsExactly(1L, 2L);
        assertThat(outcome.rejectedByField()).containsEntry("json", 3L);
        assertThat(outcome.accepted()).isEqualTo(1);
    }

    @Test
    void anEmptyBodyHasNoTasks() throws IOException {
        BatchOutcome outcome = read(BatchFormat.NDJSON, "\n\n");

        assertThat(outcome.submitted()).isZero();
        assertThat(outcome.accepted()).isZero();
        assertThat(outcome.rejectedCount()).isZero();
    }

    /**
     * Lines are parsed from their bytes when they can be, but a broken line is still described from its
     * text: the column counts characters, not the bytes of the characters before it; and a line that
     * starts with a byte-order mark or is not UTF-8 is refused as before, while the valid lines around
     * it, multi-byte characters and escapes included, read as the text would.
     */
    @Test
    void linesReadFromTheirBytesGiveTheSameTasksAndTheSameRejectionsAsFromTheirText() throws IOException {
        String body = String.join("\n",
                "{\"id\":\"u-1\",\"prompt\":\"R\u00e9sum\u00e9 \u2713 \ud83d\ude00 \\n\\\"q\\\" \\u00e9\"}",
                "{\"prompt\":\"\u00e9\u00e9\u00e9\",}",
                "\ufeff" + task("bom"),
                task("u-2"));

        BatchOutcome outcome = read(BatchFormat.NDJSON, body);

        assertThat(published).extracting(Task::id).containsExactly("u-1", "u-2");
        assertThat(published.get(0).prompt()).isEqualTo("R\u00e9sum\u00e9 \u2713 \ud83d\ude00 \n\"q\" \u00e9");
        assertThat(outcome.rejections()).extracting(Rejection::line).containsExactly(2L, 3L);
        assertThat(outcome.rejections()).extracting(Rejection::field).containsExactly("json", "json");
        // '}' is the 17th character of line 2 (and its 20th byte).
        assertThat(outcome.rejections().get(0).error()).startsWith("malformed JSON (column 17): ");
        assertThat(outcome.rejections().get(1).error()).startsWith("malformed JSON (column 1): ");
    }
}
