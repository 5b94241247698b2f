package dev.taskfleet.router.routing;

import static dev.taskfleet.testkit.AttemptBuilder.anAttempt;
import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.policy.EscalationDecision;
import dev.taskfleet.policy.PolicyDecision;
import dev.taskfleet.testkit.EscalationBuilder;
import dev.taskfleet.testkit.TaskBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EscalationHandlingTest {

    private static final List<String> TIERS = List.of("fast", "quality");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-03-01T11:59:00Z");
    private static final TaskValidator VALIDATOR = new TaskValidator(TaskLimits.defaults(TIERS));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final Task task = TaskBuilder.task().id("esc-1").batch("batch-esc").type("refactor").team("payments")
            .run(2).createdAt(CREATED).build();
    private final List<AttemptRecord> history = List.of(
            anAttempt().model("small-1").failed("TIMEOUT", "no answer in 30s").latencyMs(30_000).tokens(100, 0)
                    .cost(0.001).build(),
            anAttempt().model("small-1").failed("OUTPUT_REJECTED", "not JSON").latencyMs(900).tokens(120, 40)
                    .cost(0.002).build());
    private final EscalationBuilder escalation = anEscalation().worker("worker-fast-1").requestedAt(NOW);
    private final AnsweredEscalations answered = new AnsweredEscalations();
    private final AnsweredEscalations.Claims claims = answered.begin();
    private final EscalationRequest request = escalation
            .of(aRoutedTask().task(task).routing("junior-work", 0.2, "junior"))
            .history(history).because("OUTPUT_REJECTED", "the answer is not JSON").build();

    @Test
    void placesTheTaskOnTheNextTierAsTheNextPlacementWithItsHistory() {
        EscalationHandling handling = handling(new EscalationDecision(Optional.of("quality"), "fast failed; next tier up"));

        EscalationOutcome outcome = handling.handle(bytes(EventCodec.encode(request)), claims);

        assertThat(outcome).isInstanceOfSatisfying(EscalationOutcome.Placed.class, placed -> {
            RoutedTask routed = placed.routedTask();
            assertThat(placed.fromTier()).isEqualTo("fast");
            assertThat(routed.task()).isEqualTo(task);
            assertThat(routed.tier()).isEqualTo("quality");
            assertThat(routed.attempt()).isEqualTo(2);
            assertThat(routed.history()).isEqualTo(history);
            assertThat(routed.routing().rule()).isEqualTo(PolicyDecision.ESCALATION);
            assertThat(routed.routing().score()).isZero();
            assertThat(routed.routing().reason()).isEqualTo("fast failed; next tier up");
        });
    }

    @Test
    void refusedEscalationFinishesTheTaskAsFailedWithEverythingSummedOverItsHistory() {
        EscalationHandling handling = handling(new EscalationDecision(Optional.empty(), "team payments is capped at fast"));

        EscalationOutcome outcome = handling.handle(bytes(EventCodec.encode(request)), claims);

        assertThat(outcome).isInstanceOfSatisfying(EscalationOutcome.Refused.class, refused -> {
            TaskResult result = refused.result();
            assertThat(refused.fromTier()).isEqualTo("fast");
            assertThat(refused.reason()).isEqualTo("team payments is capped at fast");
            assertThat(result.taskId()).isEqualTo("esc-1");
            assertThat(result.batchId()).isEqualTo("batch-esc");
            assertThat(result.taskType()).isEqualTo("refactor");
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.error().code()).isEqualTo("OUTPUT_REJECTED");
            assertThat(result.error().message()).startsWith("the answer is not JSON")
                    .endsWith("not escalated: team payments is capped at fast");
            assertThat(result.tier()).isEqualTo("fast");
            assertThat(result.model()).isEqualTo("small-1");
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.inputTokens()).isEqualTo(220);
            assertThat(result.outputTokens()).isEqualTo(40);
            assertThat(result.costUsd()).isCloseTo(0.003, offset(1e-12));
            assertThat(result.latencyMs()).isEqualTo(900);
            assertThat(result.team()).isEqualTo("payments");
            assertThat(result.run()).isEqualTo(2);
            assertThat(result.submittedAt()).isEqualTo(CREATED);
            assertThat(result.finishedAt()).isEqualTo(NOW);
            assertThat(result.workerId()).isEqualTo("router-test");
            assertThat(result.history()).isEqualTo(history);
            assertThat(result.routing()).isEqualTo(request.routed().routing());
        });
    }

    @Test
    void aPlacementRefusedAfterAllEndsTheTaskAsARefusalByThePolicyWould() {
        EscalationHandling handling = handling(new EscalationDecision(Optional.of("quality"), "next tier up"));
        EscalationOutcome.Placed placed = (EscalationOutcome.Placed) handling.handle(bytes(EventCodec.encode(request)),
                claims);
        EscalationOutcome.Refused byPolicy = (EscalationOutcome.Refused) handling(
                new EscalationDecision(Optional.empty(), "too large")).handle(bytes(EventCodec.encode(request)),
                answered.begin());

        EscalationOutcome.Refused refused = handling.refuse(placed, "too large");

        assertThat(refused).isEqualTo(byPolicy);
        assertThat(refused.result().error().message()).isEqualTo("the answer is not JSON; not escalated: too large");
        assertThat(refused.result().tier()).isEqualTo("fast");
    }

    @Test
    void refusedWithoutHistoryNamesTheTierItRanOn() {
        EscalationRequest bare = escalation.of(request.routed()).because(request.error()).build();

        EscalationOutcome outcome = handling(new EscalationDecision(Optional.empty(), "max attempts reached"))
                .handle(bytes(EventCodec.encode(bare)), claims);

        assertThat(outcome).isInstanceOfSatisfying(EscalationOutcome.Refused.class, refused -> {
            assertThat(refused.result().tier()).isEqualTo("fast");
            assertThat(refused.result().attempts()).isZero();
        });
    }

    @Test
    void aRequestRepeatingOneAlreadyAnsweredIsDroppedWithoutAskingThePolicy() {
        EscalationHandling handling = handling(new EscalationDecision(Optional.of("quality"), "next tier up"));
        byte[] value = bytes(EventCodec.encode(request));
        assertThat(handling.handle(value, claims)).isInstanceOf(EscalationOutcome.Placed.class);

        // A worker ran the same placement again and sent the same request: in the same transaction...
        assertThat(handling(null).handle(value, claims)).isEqualTo(new EscalationOutcome.Repeated("esc-1", "fast", 1));
        claims.commit();
        // ...or in a later one.
        assertThat(handling(null).handle(value, answered.begin())).isInstanceOf(EscalationOutcome.Repeated.class);
    }

    @Test
    void aRequestOfAnAbortedTransactionIsAnsweredAgainWhenItIsReadAgain() {
        EscalationHandling handling = handling(new EscalationDecision(Optional.empty(), "capped"));
        byte[] value = bytes(EventCodec.encode(request));
        assertThat(handling.handle(value, claims)).isInstanceOf(EscalationOutcome.Refused.class);

        // claims is dropped without commit(), as after an abort.
        assertThat(handling.handle(value, answered.begin())).isInstanceOf(EscalationOutcome.Refused.class);
    }

    @Test
    void onlyTheSamePlacementOfTheSameTaskRunIsARepeat() {
        EscalationHandling handling = handling(new EscalationDecision(Optional.of("quality"), "next tier up"));
        handling.handle(bytes(EventCodec.encode(request)), claims);

        List<EscalationRequest> others = List.of(
                escalation.of(aRoutedTask().task(task).attempt(2).routing("r", 0, "r")).build(),
                escalation.of(aRoutedTask().task(task.withRun(3)).routing("r", 0, "r")).build(),
                escalation.of(aRoutedTask().task(TaskBuilder.task().id("esc-1").batch("another-batch").build())
                        .routing("r", 0, "r")).build());
        for (EscalationRequest other : others) {
            assertThat(handling.handle(bytes(EventCodec.encode(other)), claims)).as("%s", other.routed())
                    .isInstanceOf(EscalationOutcome.Placed.class);
        }
    }

    @Test
    void rejectsWhatIsNotAnEscalationRequest() {
        EscalationOutcome outcome = handling(null).handle(bytes("{\"schemaVersion\":1}"), claims);

        assertThat(outcome).isInstanceOfSatisfying(Rejection.class,
                rejection -> assertThat(rejection.reasonCode()).isEqualTo(DeadLetterReasons.INVALID_EVENT));
    }

    @Test
    void rejectsAnInvalidTaskNamingIt() {
        Task bad = TaskBuilder.task().id("esc-bad").tierHint("premium").build();
        EscalationRequest invalid = escalation.of(aRoutedTask().task(bad).routing("r", 0, "r"))
                .because(request.error()).worker("w").build();

        EscalationOutcome outcome = handling(null).handle(bytes(EventCodec.encode(invalid)), claims);

        assertThat(outcome).isInstanceOfSatisfying(Rejection.class, rejection -> {
            assertThat(rejection.reasonCode()).isEqualTo(DeadLetterReasons.INVALID_TASK);
            assertThat(rejection.taskId()).isEqualTo("esc-bad");
            assertThat(rejection.finalResult()).as("it ran and asked to go higher: its batch waits for it")
                    .satisfies(result -> {
                        assertThat(result.taskId()).isEqualTo("esc-bad");
                        assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
                        assertThat(result.error().code()).as("the code it failed with").isEqualTo(request.error().code());
                        assertThat(result.error().message()).contains("not escalated: the task is invalid", "'premium'");
                    });
        });
        assertThat(handling(null).handle(bytes(EventCodec.encode(invalid)), claims))
                .as("the same request again: dead-lettered, no second result")
                .isInstanceOfSatisfying(Rejection.class, again -> assertThat(again.finalResult()).isNull());
    }

    private static EscalationHandling handling(EscalationDecision decision) {
        return new EscalationHandling(VALIDATOR, r -> decision, "router-test", CLOCK);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
