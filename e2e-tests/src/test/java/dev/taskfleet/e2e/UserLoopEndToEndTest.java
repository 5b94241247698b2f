package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The user's loop, through the packaged CLI against the packaged fleet: submit and wait, look at
 * the results, re-run what failed on a stronger tier, cancel. The fast tier's simulated model
 * answers every JSON-expecting task with prose, so each such task fails its output check there;
 * what happens next depends on the team's routing policy:
 * <ul>
 *   <li>team {@code e2e} may climb: the router escalates the task to {@code quality}, which answers well;</li>
 *   <li>team {@code interns} is capped at {@code fast}: the router refuses the escalation and the task
 *       fails, until the user retries it on {@code quality} (their tier hints are honoured).</li>
 * </ul>
 */
class UserLoopEndToEndTest {

    private static final String PREFIX = "e2e-loop";
    private static final String INTERNS_KEY = "interns-key-fedcba9876543210";
    private static final String BUDGETED_KEY = "budgeted-key-0011223344556677";
    /**
     * Team {@code budgeted}'s daily budget, and its monthly one: a daily budget alone resets at UTC
     * midnight, and a CI run whose budget test spent it at 23:59:5x had its last submission accepted
     * in the new day. A {@code gated} call costs 1.5 USD here (the scripted model's 10 prompt and 5
     * completion tokens at 100,000 USD per million), so the first eight calls spend it.
     */
    private static final double BUDGET_USD = 10;
    /** Tells this team's calls to the shared gated model from the other tests'. */
    private static final String BUDGETED_PROMPT = "Rename a method within budget, task ";
    private static final String POLICY = """
            tiers: [fast, quality, gated]
            tierHints: allowed
            teams:
              interns:
                maxTier: fast
            rules:
              - id: everything-starts-fast
                tier: fast
                match:
                  type: "*"
            """;

    private static final Path HOME = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
    private static final Path WORK_DIR = HOME.resolve("e2e-tests/target/fleet-loop");

    /** The model of the {@code gated} tier: tasks sent there wait until the test lets them through. */
    private static final ScriptedModelServer gatedModel = ScriptedModelServer.start();

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, UserLoopEndToEndTest::loopFleet);

    private static CliProcess asE2e;
    private static CliProcess asInterns;
    private static CliProcess asBudgeted;

    /**
     * The tiers under the policy above; fast answers every JSON-expecting task with prose. Only a
     * tier hint reaches {@code gated}, whose model the test holds and releases.
     */
    private static LocalFleetBuilder loopFleet() throws IOException {
        LocalFleetBuilder builder = PackagedFleet.gatedTier(
                PackagedFleet.builder("fleet-loop", PREFIX, List.of("fast", "quality", "gated")), "gated", gatedModel);
        Path policy = Files.writeString(Files.createDirectories(WORK_DIR).resolve("policy.yaml"), POLICY);
        return builder
                .producerEnvironment(LocalApiKey.PRODUCER_ENV, PackagedFleet.TEAM + ":"
                        + LocalApiKey.sha256Hex(PackagedFleet.API_KEY) + ",interns:" + LocalApiKey.sha256Hex(INTERNS_KEY)
                        + ",budgeted:" + LocalApiKey.sha256Hex(BUDGETED_KEY))
                .serviceProperty("taskfleet.teams.budgeted.daily-budget-usd", String.valueOf(BUDGET_USD))
                .serviceProperty("taskfleet.teams.budgeted.monthly-budget-usd", String.valueOf(BUDGET_USD))
                .serviceProperty("taskfleet.producer.budget-check-interval", "PT0.5S")
                .serviceProperty("taskfleet.tiers.gated.price.input-per-million", "100000")
                .serviceProperty("taskfleet.tiers.gated.price.output-per-million", "100000")
                .serviceProperty("taskfleet.router.policy-file", policy.toString())
                .serviceProperty("taskfleet.tiers.fast.simulated.malformed-rate", "1")
                .serviceProperty("taskfleet.tiers.quality.simulated.malformed-rate", "0")
                .serviceProperty("taskfleet.tiers.fast.simulated.failure-rate", "0")
                .serviceProperty("taskfleet.tiers.quality.simulated.failure-rate", "0")
                .serviceProperty("taskfleet.tiers.fast.simulated.latency-median", "PT0.2S")
                .serviceProperty("taskfleet.tiers.quality.simulated.latency-median", "PT0.2S")
                .serviceProperty("taskfleet.worker.max-in-flight", "8");
    }

    @BeforeAll
    static void connectTheCli() {
        String url = running.fleet().producerUrl().toString();
        asE2e = new CliProcess(HOME, Map.of("TASKFLEET_URL", url, "TASKFLEET_API_KEY", PackagedFleet.API_KEY));
        asInterns = new CliProcess(HOME, Map.of("TASKFLEET_URL", url, "TASKFLEET_API_KEY", INTERNS_KEY));
        asBudgeted = new CliProcess(HOME, Map.of("TASKFLEET_URL", url, "TASKFLEET_API_KEY", BUDGETED_KEY));
    }

    @AfterAll
    static void stopTheGatedModel() {
        gatedModel.close();
    }

    @Test
    void aTaskTheCheapTierGetsWrongIsEscalatedAndSucceedsWithItsWholeHistory() throws Exception {
        Path batch = jsonTasks("climb", 12);

        CliProcess.Run submit = asE2e.run("submit", batch.toString(), "--wait", "--plain");

        assertThat(submit.exitCode()).as(submit.err()).isZero();
        assertThat(submit.out()).as("the quality bar ends full, measured against its own tasks")
                .contains("COMPLETED: 12/12 finished").contains("| quality 12/12 |");
        String batchId = batchIdOf(asE2e);
        List<TaskResult> results = results(asE2e, batchId);
        assertThat(results).hasSize(12).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.tier()).isEqualTo("quality");
            assertThat(result.routing().rule()).isEqualTo("escalation");
            assertThat(result.history()).as("fast is asked twice (the standard tier's max-output-rejections) first")
                    .extracting(AttemptRecord::tier).containsExactly("fast", "fast", "quality");
            assertThat(result.history()).extracting(AttemptRecord::outcome)
                    .containsExactly("OUTPUT_REJECTED", "OUTPUT_REJECTED", AttemptRecord.SUCCEEDED);
            assertThat(result.attempts()).isEqualTo(3);
            assertThat(result.team()).isEqualTo(PackagedFleet.TEAM);
        });
        JsonNode tiers = awaitTiers(asE2e, batchId, t -> t.path("fast").path("escalatedOut").asInt() == 12);
        assertThat(tiers.get("fast").get("routed").asInt()).isEqualTo(12);
        assertThat(tiers.get("quality").get("escalatedIn").asInt()).isEqualTo(12);
        assertTierTotalsMatchTheResults(tiers, results);
    }

    @Test
    void failedTasksAreReRunOnAStrongerTierWithOneCommand() throws Exception {
        Path batch = jsonTasks("intern", 8);

        CliProcess.Run submit = asInterns.run("submit", batch.toString(), "--wait", "--plain");
        assertThat(submit.exitCode()).as("tasks failed, so the CLI says so").isEqualTo(1);
        String batchId = batchIdOf(asInterns);
        JsonNode status = json(asInterns.run("status", batchId, "--json"));
        assertThat(status.get("failed").asInt()).isEqualTo(8);
        assertThat(results(asInterns, batchId)).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.error().code()).isEqualTo("OUTPUT_REJECTED");
            assertThat(result.error().message()).contains("capped at fast");
        });

        CliProcess.Run otherTeam = asE2e.run("status", batchId);
        assertThat(otherTeam.exitCode()).as("another team's batch does not exist for you").isEqualTo(1);
        assertThat(otherTeam.err()).contains("404");

        CliProcess.Run retry = asInterns.run("retry", batchId, "--tier", "quality");
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        CliProcess.Run watch = asInterns.run("watch", batchId, "--plain");
        assertThat(watch.exitCode()).as(watch.err()).isZero();

        List<TaskResult> rerun = results(asInterns, batchId);
        assertThat(rerun).hasSize(8).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.run()).isEqualTo(2);
            assertThat(result.tier()).isEqualTo("quality");
        });
        assertThat(json(asInterns.run("status", batchId, "--json")).get("failed").asInt()).isZero();
        JsonNode tiers = awaitTiers(asInterns, batchId, t -> t.path("quality").path("routed").asInt() == 8);
        assertThat(tiers.get("fast").get("escalationsRefused").asInt()).as("refused: interns stay on fast").isEqualTo(8);
        assertThat(tiers.get("fast").get("retried").asInt()).as("re-run on quality").isEqualTo(8);
        assertTierTotalsMatchTheResults(tiers, rerun);
    }

    /** The batch's per-tier status once {@code ready} holds (the router's tallies are read with the results). */
    private static JsonNode awaitTiers(CliProcess cli, String batchId, Predicate<JsonNode> ready) {
        AtomicReference<JsonNode> tiers = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            tiers.set(json(cli.run("status", batchId, "--json")).get("tiers"));
            return ready.test(tiers.get());
        });
        return tiers.get();
    }

    /** Each tier of a finished batch has exactly the tasks whose final result came from it, all finished. */
    private static void assertTierTotalsMatchTheResults(JsonNode tiers, List<TaskResult> results) {
        Map<String, Long> byTier = results.stream().collect(Collectors.groupingBy(TaskResult::tier, Collectors.counting()));
        assertThat(byTier.keySet()).allMatch(tiers::has);
        tiers.fields().forEachRemaining(tier -> {
            long expected = byTier.getOrDefault(tier.getKey(), 0L);
            assertThat(tier.getValue().get("total").asLong()).as("total of %s", tier.getKey()).isEqualTo(expected);
            assertThat(tier.getValue().get("finished").asLong()).as("finished on %s", tier.getKey()).isEqualTo(expected);
            assertThat(tier.getValue().get("etaSeconds").asText()).as("eta of %s", tier.getKey()).isEqualTo("0");
        });
    }

    @Test
    void aCancelledBatchFinishesItsUnstartedTasksAsCancelled() throws Exception {
        int inFlight = 8;
        Path batch = WORK_DIR.resolve("cancel.jsonl");
        Files.writeString(batch, IntStream.range(0, 300)
                .mapToObj(i -> TaskBuilder.task().id("cancel-" + i).type("refactor").tierHint("gated").submissionJson())
                .collect(Collectors.joining("\n", "", "\n")));
        gatedModel.holdAfter(0);

        CliProcess.Run submit = asE2e.run("submit", batch.toString(), "--json");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String batchId = json(submit).get("batchId").asText();
        await().atMost(Duration.ofMinutes(2)).until(() -> gatedModel.heldRequests() == inFlight);
        CliProcess.Run cancel = asE2e.run("cancel", batchId);
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        // Released only once the worker has read the cancellation, so what follows is not a race.
        Path workerLog = running.fleet().service(LocalFleet.workerName("gated")).logFile();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Files.readString(workerLog).contains("batch " + batchId + " run 1 cancelled"));
        gatedModel.release();
        CliProcess.Run watch = asE2e.run("watch", batchId, "--plain");

        assertThat(watch.exitCode()).as("a cancelled batch is not a success").isEqualTo(1);
        JsonNode status = json(asE2e.run("status", batchId, "--json"));
        assertThat(status.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(status.get("succeeded").asInt()).as("the calls already in flight finish").isEqualTo(inFlight);
        assertThat(status.get("cancelled").asInt()).as("nothing else starts").isEqualTo(300 - inFlight);
        assertThat(gatedModel.requests()).filteredOn(r -> !r.body().contains(BUDGETED_PROMPT))
                .as("cancelled tasks cost no model call").hasSize(inFlight);
    }

    @Test
    void aBudgetThatRunsOutMidBatchStopsTheTasksThatHaveNotStarted() throws Exception {
        int tasks = 100;
        Path batch = WORK_DIR.resolve("budget.jsonl");
        Files.writeString(batch, IntStream.range(0, tasks)
                .mapToObj(i -> TaskBuilder.task().id("budget-" + i).type("refactor").tierHint("gated")
                        .prompt(BUDGETED_PROMPT + i).submissionJson())
                .collect(Collectors.joining("\n", "", "\n")));
        // The first eight calls are answered and spend the budget; the calls after them wait.
        gatedModel.holdAfter(8);

        CliProcess.Run submit = asBudgeted.run("submit", batch.toString(), "--json");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String batchId = json(submit).get("batchId").asText();
        Path workerLog = running.fleet().service(LocalFleet.workerName("gated")).logFile();
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(workerLog)
                .contains("batch " + batchId + " run 1 stopped at its team's budget"));
        int heldAtTheStop = gatedModel.heldRequests();
        gatedModel.release();
        CliProcess.Run watch = asBudgeted.run("watch", batchId, "--plain");

        assertThat(watch.exitCode()).as("a batch stopped at its budget is not a success").isEqualTo(1);
        await().atMost(Duration.ofMinutes(1)).until(() -> json(asBudgeted.run("status", batchId, "--json"))
                .get("queued").asInt() == 0);
        JsonNode status = json(asBudgeted.run("status", batchId, "--json"));
        long calls = gatedModel.requests().stream().filter(r -> r.body().contains(BUDGETED_PROMPT)).count();
        assertThat(status.get("state").asText()).isEqualTo("BUDGET_EXCEEDED");
        // At most 8 calls are in flight at once, and none starts once the worker has read the stop.
        assertThat(calls).as("the eight calls that spent the budget, and those in flight when the stop landed"
                + " (%d were held then)", heldAtTheStop).isBetween(8L, 16L);
        assertThat(status.get("succeeded").asLong()).as("every call made was paid for and finished").isEqualTo(calls);
        assertThat(status.get("budgetExceeded").asLong()).as("nothing else started").isEqualTo(tasks - calls);
        assertThat(status.get("costUsd").asDouble()).isGreaterThanOrEqualTo(BUDGET_USD);
        assertThat(results(asBudgeted, batchId)).hasSize(tasks)
                .filteredOn(r -> r.status() == ResultStatus.BUDGET_EXCEEDED)
                .hasSize((int) (tasks - calls))
                .allSatisfy(r -> assertThat(r.costUsd()).isZero());

        CliProcess.Run refused = asBudgeted.run("submit", batch.toString(), "--json");
        assertThat(refused.exitCode()).isEqualTo(1);
        // Both budgets are spent; the reply names the monthly one, which lasts longer.
        assertThat(refused.err()).contains("monthly-budget-usd");
    }

    private static Path jsonTasks(String prefix, int count) throws Exception {
        Path file = WORK_DIR.resolve(prefix + ".jsonl");
        Files.writeString(file, IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(prefix + "-" + i).type("refactor")
                        .prompt("Summarise the change in HttpClient.send as JSON.")
                        .expect(OutputExpectation.json()).submissionJson())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    /** The caller's newest batch, as {@code list --json} shows it. */
    private static String batchIdOf(CliProcess cli) throws Exception {
        CliProcess.Run list = cli.run("list", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode page = json(list);
        JsonNode batches = page.isArray() ? page : page.get("batches");
        return batches.get(0).get("batchId").asText();
    }

    private static List<TaskResult> results(CliProcess cli, String batchId) throws Exception {
        CliProcess.Run run = cli.run("results", batchId, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Events.decodeLines(run.out(), TaskResult.class);
    }

    private static JsonNode json(CliProcess.Run run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
        return EventCodec.mapper().readTree(run.out().strip());
    }
}
