package dev.taskfleet.worker.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.OutputCheck;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedModelProviderTest {

    private static final String PROMPT = "Rename the method getX to x and update its callers.";
    private static final SimulatedProfile FAST =
            new SimulatedProfile("sim-fast", Duration.ofMillis(800), 0.35, 0.02, 200, 0.5, 0, 1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private SimulatedModelProvider provider(long seed, SimulatedProfile... profiles) {
        return new SimulatedModelProvider(List.of(profiles), seed, timer);
    }

    private static ModelRequest request(String taskId, int attempt) {
        return new ModelRequest("sim-fast", PROMPT, 1024, taskId, attempt, null, Map.of());
    }

    @Test
    void sameSeedTaskAndAttemptGiveTheSameCall() {
        SimulatedCall first = provider(42, FAST).plan(request("task-7", 1));
        SimulatedCall again = provider(42, FAST).plan(request("task-7", 1));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void differentTasksAttemptsAndSeedsDrawDifferently() {
        SimulatedCall base = provider(42, FAST).plan(request("task-7", 1));

        assertThat(provider(42, FAST).plan(request("task-8", 1)).latency()).isNotEqualTo(base.latency());
        assertThat(provider(42, FAST).plan(request("task-7", 2)).latency()).isNotEqualTo(base.latency());
        assertThat(provider(43, FAST).plan(request("task-7", 1)).latency()).isNotEqualTo(base.latency());
    }

    @Test
    void failureRateIsHonouredOverManyTasks() {
        SimulatedModelProvider provider = provider(42, FAST);

        long failures = IntStream.range(0, 10_000)
                .filter(i -> provider.plan(request("task-" + i, 1)).fails())
                .count();

        // Expected 200, standard deviation 14: the seeded draw lands well inside 4 sigma.
        assertThat(failures).isBetween(145L, 255L);
    }

    @Test
    void latencyIsLogNormalAroundTheConfiguredMedian() {
        SimulatedModelProvider provider = provider(42, FAST);

        long[] millis = IntStream.range(0, 10_000)
                .mapToLong(i -> provider.plan(request("task-" + i, 1)).latency().toMillis())
                .sorted().toArray();

        assertThat((double) millis[5_000]).isCloseTo(800, within(40.0));
        // exp(0.35 * 1.645) = 1.78: the 95th percentile of the log-normal.
        assertThat((double) millis[9_500]).isCloseTo(800 * 1.78, within(80.0));
        assertThat(Arrays.stream(millis).min().orElseThrow()).isPositive();
    }

    @Test
    void inputTokensAreEstimatedFromThePromptAndOutputTokensStayWithinTheCap() {
        SimulatedModelProvider provider = provider(42, FAST);

        for (int i = 0; i < 1_000; i++) {
            SimulatedCall call = provider.plan(new ModelRequest("sim-fast", "x".repeat(401), 300, "task-" + i, 1, null, Map.of()));
            assertThat(call.inputTokens()).isEqualTo(101);
            assertThat(call.outputTokens()).isBetween(1L, 300L);
        }
    }

    @Test
    void aFailureRateOfOneFailsEveryCallWithARetryableError() {
        SimulatedProfile broken = new SimulatedProfile("sim-fast", Duration.ofMillis(1), 0, 1.0, 10, 0, 0, 1);

        CompletableFuture<ModelResponse> call = provider(42, broken).complete(request("task-1", 1)).toCompletableFuture();

        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ResultErrorCodes.MODEL_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void completesOnTheTimerWithThePlannedFigures() throws Exception {
        SimulatedProfile quick = new SimulatedProfile("sim-fast", Duration.ofMillis(2), 0.1, 0, 50, 0.2, 0, 1);
        SimulatedModelProvider provider = provider(42, quick);
        SimulatedCall planned = provider.plan(request("task-1", 1));

        ModelResponse response = provider.complete(request("task-1", 1)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(response.inputTokens()).isEqualTo(planned.inputTokens());
        assertThat(response.outputTokens()).isEqualTo(planned.outputTokens());
        assertThat(response.latency()).isEqualTo(planned.latency());
        assertThat(response.output()).contains("task-1").doesNotContain(PROMPT);
    }

    @Test
    void returnsBeforeTheCallEndsInsteadOfHoldingTheThread() {
        SimulatedProfile slow = new SimulatedProfile("sim-fast", Duration.ofHours(1), 0, 0, 50, 0, 0, 1);

        CompletableFuture<ModelResponse> call = provider(42, slow).complete(request("task-1", 1)).toCompletableFuture();

        assertThat(call).isNotDone();
    }

    @Test
    void refusesAModelItDoesNotSimulate() {
        ModelRequest unknown = new ModelRequest("gpt-x", PROMPT, 100, "task-1", 1, null, Map.of());

        assertThatThrownBy(() -> provider(42, FAST).complete(unknown))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ResultErrorCodes.UNKNOWN_MODEL);
                    assertThat(e.retryable()).isFalse();
                });
    }

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"verdict\",\"score\",\"tags\"],"
            + "\"additionalProperties\":false,\"properties\":{\"verdict\":{\"enum\":[\"pass\",\"fail\"]},"
            + "\"score\":{\"type\":\"integer\"},\"tags\":{\"type\":\"array\"},\"note\":{\"type\":\"string\"}}}";

    /** How many of 400 tasks' answers fail {@code expect}, with the given malformed rate. */
    private long rejectedOf400(OutputExpectation expect, double malformedRate) throws Exception {
        SimulatedProfile profile = new SimulatedProfile("sim-fast", Duration.ofNanos(1), 0, 0, 50, 0, malformedRate, 1);
        SimulatedModelProvider provider = provider(42, profile);
        OutputCheck check = OutputCheck.compile(expect);
        long rejected = 0;
        for (int i = 0; i < 400; i++) {
            ModelRequest request = new ModelRequest("sim-fast", PROMPT, 100, "task-" + i, 1, expect, Map.of());
            String answer = provider.complete(request).toCompletableFuture().get(5, TimeUnit.SECONDS).output();
            rejected += check.violation(answer).isPresent() ? 1 : 0;
        }
        return rejected;
    }

    @Test
    void answersJsonToATaskExpectingJsonAndProseAtTheMalformedRate() throws Exception {
        assertThat(rejectedOf400(OutputExpectation.json(), 0)).isZero();
        // Expected 100 of 400; the seed is fixed, the bounds wide.
        assertThat(rejectedOf400(OutputExpectation.json(), 0.25)).isBetween(70L, 130L);
    }

    @Test
    void answersAnObjectWithTheRequiredPropertiesOfASchema() throws Exception {
        OutputExpectation schema = OutputExpectation.jsonSchema(EventCodec.mapper().readTree(SCHEMA));

        assertThat(rejectedOf400(schema, 0)).isZero();
        assertThat(rejectedOf400(schema, 1)).isEqualTo(400);
    }

    @Test
    void answersProseToARegexWhichAPatternForDigitsOnlyRejects() throws Exception {
        assertThat(rejectedOf400(OutputExpectation.regex("^\\d+$"), 0)).isEqualTo(400);
        assertThat(rejectedOf400(OutputExpectation.regex("tokens of output"), 0)).isZero();
    }

    @Test
    void aTaskHarderThanTheModelsCapabilityGetsAWrongAnswerOnEveryCallAndAnEasierOneNever() throws Exception {
        SimulatedProfile capable = new SimulatedProfile("sim-fast", Duration.ofNanos(1), 0, 0, 50, 0, 0, 0.7);
        SimulatedModelProvider provider = provider(42, capable);
        OutputCheck json = OutputCheck.compile(OutputExpectation.json());

        for (int attempt = 1; attempt <= 5; attempt++) {
            ModelRequest hard = new ModelRequest("sim-fast", PROMPT, 100, "hard", attempt, OutputExpectation.json(),
                    Map.of(TaskDifficulty.LABEL, "0.71"));
            ModelRequest easy = new ModelRequest("sim-fast", PROMPT, 100, "easy", attempt, OutputExpectation.json(),
                    Map.of(TaskDifficulty.LABEL, "0.7"));
            assertThat(provider.plan(hard).wrong()).as("attempt %d", attempt).isTrue();
            assertThat(json.violation(provider.complete(hard).toCompletableFuture().get(5, TimeUnit.SECONDS).output()))
                    .as("a wrong answer fails the JSON check").isPresent();
            assertThat(provider.plan(easy).wrong()).isFalse();
            assertThat(json.violation(provider.complete(easy).toCompletableFuture().get(5, TimeUnit.SECONDS).output()))
                    .isEmpty();
        }
    }

    @Test
    void difficultyChangesNoOtherDrawAndAbsentOrUnreadableLabelsMeanZero() {
        SimulatedProfile weak = new SimulatedProfile("sim-fast", Duration.ofMillis(800), 0.35, 0.02, 200, 0.5, 0, 0.1);
        SimulatedCall plain = provider(42, weak).plan(request("task-7", 1));
        SimulatedCall hard = provider(42, weak).plan(new ModelRequest("sim-fast", PROMPT, 1024, "task-7", 1, null,
                Map.of(TaskDifficulty.LABEL, "0.9")));

        assertThat(plain.wrong()).isFalse();
        assertThat(hard.wrong()).isTrue();
        assertThat(hard.latency()).isEqualTo(plain.latency());
        assertThat(hard.outputTokens()).isEqualTo(plain.outputTokens());
        assertThat(hard.fails()).isEqualTo(plain.fails());
        assertThat(TaskDifficulty.of(Map.of())).isZero();
        assertThat(TaskDifficulty.of(Map.of(TaskDifficulty.LABEL, "hard"))).isZero();
        assertThat(TaskDifficulty.of(Map.of(TaskDifficulty.LABEL, "1.5"))).isZero();
        assertThat(TaskDifficulty.of(Map.of(TaskDifficulty.LABEL, " 0.25 "))).isEqualTo(0.25);
        assertThatThrownBy(() -> new SimulatedProfile("m", Duration.ofMillis(1), 0, 0, 1, 0, 0, 1.2))
                .hasMessageContaining("capability");
    }

    @Test
    void theMalformedDrawLeavesEveryEarlierDrawAsItWas() {
        SimulatedProfile malformed = new SimulatedProfile("sim-fast", Duration.ofMillis(800), 0.35, 0.02, 200, 0.5, 1, 1);

        SimulatedCall without = provider(42, FAST).plan(request("task-7", 1));
        SimulatedCall with = provider(42, malformed).plan(request("task-7", 1));

        assertThat(with.malformed()).isTrue();
        assertThat(without.malformed()).isFalse();
        assertThat(with.latency()).isEqualTo(without.latency());
        assertThat(with.outputTokens()).isEqualTo(without.outputTokens());
        assertThat(with.fails()).isEqualTo(without.fails());
    }
}
