package dev.taskfleet.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.policy.RoutingPolicy;
import dev.taskfleet.testkit.TaskBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskRoutingTest {

    private static final List<String> TIERS = List.of("fast", "quality");
    private static final int MAX_PROMPT_CHARS = 80;
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TaskRouting routing = new TaskRouting(
            new TaskValidator(new TaskLimits(TIERS, MAX_PROMPT_CHARS, TaskLimits.DEFAULT_MAX_LABELS, TaskLimits.DEFAULT_MAX_LABEL_CHARS)),
            task -> new PolicyDecision("quality", "senior-work", 0.7, Map.of("seniorSignals", 2.0),
                    "type " + task.type() + " is senior work"), "router-1", CLOCK);

    @Test
    void routesAValidTaskAsItsFirstAttemptWithTheDecision() {
        Task task = TaskBuilder.task().type("security-review").build();

        RoutingOutcome outcome = routing.route(bytes(EventCodec.encode(task)));

        assertThat(outcome).isInstanceOfSatisfying(RoutingOutcome.Routed.class, routed -> {
            assertThat(routed.routedTask().task()).isEqualTo(task);
            assertThat(routed.routedTask().tier()).isEqualTo("quality");
            assertThat(routed.routedTask().attempt()).isEqualTo(1);
            assertThat(routed.routedTask().schemaVersion()).isEqualTo(EventCodec.SCHEMA_VERSION);
            assertThat(routed.routedTask().routing().rule()).isEqualTo("senior-work");
            assertThat(routed.routedTask().routing().score()).isEqualTo(0.7);
            assertThat(routed.routedTask().routing().features()).containsEntry("seniorSignals", 2.0);
            assertThat(routed.routedTask().routing().reason()).isEqualTo("type security-review is senior work");
        });
    }

    @Test
    void theRoutedTaskIsWrittenAroundTheRecordsOwnBytesAndReadsAsTheDecidedPlacement() throws Exception {
        String value = " {\"schemaVersion\":1, \"id\":\"own-bytes\", \"batchId\":\"b1\", \"type\":\"security-review\","
                + " \"prompt\":\"Review \\u00e9 \\\"this\\\"\", \"fromANewerProducer\":{\"kept\":true}}\n";

        RoutingOutcome outcome = routing.route(bytes(value));

        assertThat(outcome).isInstanceOfSatisfying(RoutingOutcome.Routed.class, routed -> {
            byte[] written = routed.encoded();
            assertThat(new String(written, StandardCharsets.UTF_8))
                    .as("the task is copied, not encoded again: a field this build does not know is still there")
                    .contains("\"fromANewerProducer\":{\"kept\":true}");
            try {
                assertThat(EventCodec.decodeRoutedTask(written)).isEqualTo(routed.routedTask())
                        .isEqualTo(EventCodec.decodeRoutedTask(EventCodec.encode(routed.routedTask())));
            } catch (EventDecodingException e) {
                throw new AssertionError(e);
            }
            assertThat(routed.routedTask().task().prompt()).isEqualTo("Review é \"this\"");
        });
    }

    @Test
    void routesATaskWithoutATypeOnItsPromptWithTheDefaultPolicy() throws Exception {
        TaskRouting withDefaultPolicy = new TaskRouting(new TaskValidator(TaskLimits.defaults(TIERS)),
                TierDecider.of(RoutingPolicy.defaultPolicy(TIERS), OutcomeStats.NONE), "router-1", CLOCK);
        Task senior = TaskBuilder.task().id("prompt-only").type(null)
                .prompt("Review the threat model of the login flow.").build();
        Task chore = TaskBuilder.task().id("prompt-only-chore").type(null).prompt("Fix the typo in README.md").build();

        assertThat(withDefaultPolicy.route(bytes(EventCodec.encode(senior)))).isInstanceOfSatisfying(
                RoutingOutcome.Routed.class, routed -> {
                    assertThat(routed.routedTask().tier()).isEqualTo("quality");
                    assertThat(routed.routedTask().routing().rule()).isEqualTo(PolicyDecision.HEURISTIC);
                    assertThat(routed.routedTask().task().type()).isNull();
                });
        assertThat(withDefaultPolicy.route(bytes(EventCodec.encode(chore)))).isInstanceOfSatisfying(
                RoutingOutcome.Routed.class, routed -> assertThat(routed.routedTask().tier()).isEqualTo("fast"));
    }

    @Test
    void rejectsWhatIsNotJson() {
        assertRejected(routing.route(bytes("not json")), DeadLetterReasons.UNPARSEABLE, null);
    }

    @Test
    void rejectsATombstone() {
        assertRejected(routing.route(null), DeadLetterReasons.UNPARSEABLE, null);
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] broken = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        RoutingOutcome outcome = routing.route(broken);

        assertRejected(outcome, DeadLetterReasons.UNPARSEABLE, null);
        assertThat(((Rejection) outcome).reason()).contains("UTF-8");
    }

    @Test
    void rejectsANewerSchemaVersion() {
        Task task = TaskBuilder.task().schemaVersion(99).id("v99").batch("batch").prompt("Do it.")
                .createdAt(Instant.EPOCH).build();

        RoutingOutcome outcome = routing.route(bytes(EventCodec.encode(task)));

        assertRejected(outcome, DeadLetterReasons.UNSUPPORTED_VERSION, null);
        assertThat(((Rejection) outcome).reason()).contains("99");
    }

    @Test
    void rejectsATaskWithoutAPromptNamingTheField() {
        Task task = TaskBuilder.task().id("no-prompt").prompt(null).build();

        RoutingOutcome outcome = routing.route(bytes(EventCodec.encode(task)));

        assertRejected(outcome, DeadLetterReasons.INVALID_TASK, "no-prompt");
        assertThat(((Rejection) outcome).reason()).contains("'prompt'");
    }

    @Test
    void rejectsAPromptOverTheConfiguredLimit() {
        Task task = TaskBuilder.task().id("long").prompt("x".repeat(MAX_PROMPT_CHARS + 1)).build();

        RoutingOutcome outcome = routing.route(bytes(EventCodec.encode(task)));

        assertRejected(outcome, DeadLetterReasons.INVALID_TASK, "long");
        assertThat(((Rejection) outcome).reason()).contains("limit is " + MAX_PROMPT_CHARS);
    }

    @Test
    void rejectsAHintThatIsNotATierAndEndsTheTaskWithAFailedResultSoItsBatchFinishes() {
        Task task = TaskBuilder.task().id("hinted").batch("b1").team("payments").run(2).tierHint("premium").build();

        RoutingOutcome outcome = routing.route(bytes(EventCodec.encode(task)));

        assertRejected(outcome, DeadLetterReasons.INVALID_TASK, "hinted");
        assertThat(((Rejection) outcome).finalResult()).satisfies(result -> {
            assertThat(result.taskId()).isEqualTo("hinted");
            assertThat(result.batchId()).isEqualTo("b1");
            assertThat(result.team()).isEqualTo("payments");
            assertThat(result.run()).isEqualTo(2);
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.error().code()).isEqualTo(ResultErrorCodes.INVALID_TASK);
            assertThat(result.error().message()).contains("'premium' is not a tier");
            assertThat(result.tier()).isEqualTo(TaskResult.UNROUTED);
            assertThat(result.attempts()).as("no model called").isZero();
            assertThat(result.workerId()).isEqualTo("router-1");
            assertThat(result.finishedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void aTaskWhoseOwnIdIsInvalidGetsNoResultThereIsNoTaskToFinish() {
        Task task = TaskBuilder.task().id("not a valid id!").batch("b1").build();

        RoutingOutcome outcome = routing.route(bytes(EventCodec.encode(task)));

        assertRejected(outcome, DeadLetterReasons.INVALID_TASK, "not a valid id!");
        assertThat(((Rejection) outcome).finalResult()).isNull();
    }

    @Test
    void rejectsAnEventWithoutAnId() {
        RoutingOutcome outcome = routing.route(bytes("{\"schemaVersion\":1,\"type\":\"refactor\",\"prompt\":\"p\"}"));

        assertRejected(outcome, DeadLetterReasons.INVALID_EVENT, null);
        assertThat(((Rejection) outcome).finalResult()).as("nothing names its batch").isNull();
    }

    private static void assertRejected(RoutingOutcome outcome, String reasonCode, String taskId) {
        assertThat(outcome).isInstanceOfSatisfying(Rejection.class, rejected -> {
            assertThat(rejected.reasonCode()).isEqualTo(reasonCode);
            assertThat(TaskRouting.REASON_CODES).contains(rejected.reasonCode());
            assertThat(rejected.taskId()).isEqualTo(taskId);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
